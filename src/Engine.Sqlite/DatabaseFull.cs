using Coffer.Engine.Errors;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// Recognises SQLITE_FULL (the disk or the database's size limit is reached) behind a failed write,
/// so that it reaches the client as <see cref="EngineError.StorageFull"/>, as a full blob store does.
/// </summary>
internal static class DatabaseFull
{
    public const int SqliteFull = 13;

    /// <summary>
    /// The SQLITE_FULL in <paramref name="error"/> or in its causes: the group-commit writer fails a write with the
    /// error of the group-mate that cost the shared transaction, wrapped in one of its own.
    /// </summary>
    public static SqliteException? Find(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: SqliteFull } full)
            {
                return full;
            }
        }

        return null;
    }

    public static EngineException Refusal(Exception cause) =>
        new(EngineError.StorageFull, "The metadata database has no space left: " + cause.Message, cause);
}
