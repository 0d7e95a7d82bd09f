namespace Coffer.Engine.Sqlite;

/// <summary>
/// What `coffer admin migrate` leaves in a database it moved: the table <c>coffer_moved</c>, one row naming the new
/// store (its address without the password) and when the move happened. Created in the same transaction as the
/// triggers that refuse writes (see <see cref="DatabaseMoved"/>), so a database with the row takes no more writes.
/// </summary>
/// <param name="Target">The new store's connection string with any password removed, fit for a log line.</param>
/// <param name="MovedAt">When, in ISO 8601 UTC, as the tool wrote it: only ever shown, so never parsed (and never refused).</param>
public sealed record SqliteMoveRecord(string Target, string MovedAt)
{
    /// <summary>What the triggers of a moved database raise on every write; the store turns it into MetadataMoved.</summary>
    public const string WriteRefusal = "coffer: metadata moved";

    /// <summary>
    /// The move recorded in the database at <paramref name="databasePath"/>, or null when there is none (no file, or a
    /// database never moved). Opens the file read-only for one query, so it may run every second beside a server.
    /// </summary>
    public static SqliteMoveRecord? Read(string databasePath)
    {
        var path = Path.GetFullPath(databasePath);
        if (!File.Exists(path))
        {
            return null;
        }

        using var session = SqliteConnections.OpenReader(path);

        // Two statements: the row's query would not even compile in a database that was never moved (no such table).
        using var exists = session.Connection.CreateCommand();
        exists.CommandText = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'coffer_moved');";
        if (!exists.ExecuteBoolean())
        {
            return null;
        }

        using var row = session.Connection.CreateCommand();
        row.CommandText = "SELECT target, moved_at FROM coffer_moved WHERE id = 1;";
        using var reader = row.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new SqliteMoveRecord(reader.GetString(0), reader.GetString(1));
    }
}
