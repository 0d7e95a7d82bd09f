using Coffer.Engine.Errors;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// Recognises a write refused because the database was moved to another store: `coffer admin migrate` ends a move by
/// giving every metadata table triggers that abort each insert, update and delete with <see cref="Message"/> (the
/// move contract, docs/scale-out.md). The write reaches the client as <see cref="EngineError.MetadataMoved"/>, a 503
/// it retries, while the server switches to the new store.
/// </summary>
internal static class DatabaseMoved
{
    /// <summary>What the triggers raise; SQLite puts it in the failed statement's error message.</summary>
    public const string Message = SqliteMoveRecord.WriteRefusal;

    /// <summary>
    /// The refusal in <paramref name="error"/> or in its causes: the group-commit writer may fail a write with an error
    /// of its own that wraps the one its transaction met.
    /// </summary>
    public static SqliteException? Find(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && sqlite.Message.Contains(Message, StringComparison.Ordinal))
            {
                return sqlite;
            }
        }

        return null;
    }

    public static EngineException Refusal(Exception cause) =>
        new(EngineError.MetadataMoved, "The metadata database has moved to another store; this server is switching to it.", cause);
}
