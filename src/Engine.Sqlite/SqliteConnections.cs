using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>Opens connections with the settings that durability and concurrency depend on.</summary>
internal static class SqliteConnections
{
    public static SqliteSession OpenWriter(string path)
    {
        var connection = Open(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            // WAL lets readers work beside the one writer, and is a property of the file, so
            // readers opened later inherit it. Some network file systems cannot do WAL (it needs
            // shared memory); better to refuse than to run with other guarantees.
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite could not use WAL for '{path}' (journal mode is '{mode}').");
            }

            // FULL: every commit syncs the WAL, so an acknowledged write survives a power loss.
            // (NORMAL in WAL mode may lose the last commits.) Foreign keys are off unless asked
            // for, per connection.
            Execute(connection, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static SqliteSession OpenReader(string path)
    {
        var connection = Open(path, SqliteOpenMode.ReadOnly);
        try
        {
            // 16 MiB of page cache per reader instead of SQLite's 2 MiB: a delimiter page over 10,000 prefixes seeks
            // a thousand times and touches some 2,000 pages, which then come from this cache rather than a pread each.
            Execute(connection, "PRAGMA cache_size = -16384;");
            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        SqliteNative.EnsureLoaded();
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,

            // The store keeps its connections open for its lifetime; a second pool under it
            // would only keep the file open after disposal.
            Pooling = false,
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();

            // Another process (an admin command, a backup) may hold the write lock for a moment.
            Execute(connection, "PRAGMA busy_timeout = 10000;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
