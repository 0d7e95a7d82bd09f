using System.Globalization;

using Microsoft.Data.Sqlite;

namespace Coffer.TestKit;

/// <summary>
/// The switch that ends `coffer admin migrate`, made by hand as the move contract (docs/scale-out.md) words it, for
/// tests of what the server does about a move, without the tool: in one <c>BEGIN IMMEDIATE</c> on the data directory's
/// metadata.db, the file <c>metadata-moved</c> is written (mode 0600, under a temporary name, then renamed), the table
/// <c>coffer_moved</c> gets its row, and every metadata table gets the triggers that refuse each write; then COMMIT.
/// </summary>
public static class MetadataMoveByHand
{
    /// <summary>The message the triggers abort a write with.</summary>
    public const string RefusalMessage = "coffer: metadata moved";

    /// <summary>Moves <paramref name="dataDirectory"/>'s metadata to <paramref name="target"/> (a connection string; the row records it without a password).</summary>
    public static void Move(string dataDirectory, string target, DateTimeOffset movedAt) =>
        Switch(Path.Combine(dataDirectory, "metadata.db"), WithoutPassword(target), movedAt, () => WriteTargetFile(dataDirectory, target));

    /// <summary>Only the database's part of the switch (the row and the triggers), for tests of a store alone.</summary>
    public static void MoveDatabase(string databasePath, string recordedTarget, DateTimeOffset movedAt) =>
        Switch(databasePath, recordedTarget, movedAt, () => { });

    private static void Switch(string databasePath, string recordedTarget, DateTimeOffset movedAt, Action writeTargetFile)
    {
        using var connection = Open(databasePath, SqliteOpenMode.ReadWrite);
        Execute(connection, null, "PRAGMA busy_timeout = 10000;");

        // The pause: the server's writers wait on this lock, its readers go on.
        using var transaction = connection.BeginTransaction(deferred: false);

        // a. The file first, so that whoever sees the row also finds where the metadata went.
        writeTargetFile();

        // b. The row and the triggers, on every metadata table (every table but SQLite's own and the move's).
        Execute(connection, transaction,
            "CREATE TABLE coffer_moved (id INTEGER PRIMARY KEY CHECK (id = 1), target TEXT NOT NULL, moved_at TEXT NOT NULL) STRICT;");
        using (var row = connection.CreateCommand())
        {
            row.Transaction = transaction;
            row.CommandText = "INSERT INTO coffer_moved (id, target, moved_at) VALUES (1, $target, $movedAt);";
            row.Parameters.AddWithValue("$target", recordedTarget);
            row.Parameters.AddWithValue("$movedAt", movedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            row.ExecuteNonQuery();
        }

        foreach (var table in MetadataTables(connection, transaction))
        {
            foreach (var change in new[] { "insert", "update", "delete" })
            {
                Execute(connection, transaction,
                    $"CREATE TRIGGER coffer_moved_{table}_{change} BEFORE {change.ToUpperInvariant()} ON {table} " +
                    $"BEGIN SELECT RAISE(ABORT, '{RefusalMessage}'); END;");
            }
        }

        // c. From here on every write the store tries fails.
        transaction.Commit();
    }

    /// <summary>The tables of the database at <paramref name="databasePath"/> that a move puts triggers on; the contract counts 18 in this build's schema.</summary>
    public static IReadOnlyList<string> MetadataTables(string databasePath)
    {
        using var connection = Open(databasePath, SqliteOpenMode.ReadOnly);
        return MetadataTables(connection, null);
    }

    private static List<string> MetadataTables(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'coffer_%' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static void WriteTargetFile(string dataDirectory, string target)
    {
        var path = Path.Combine(dataDirectory, "metadata-moved");
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(target + "\n"));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string WithoutPassword(string target)
    {
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || !uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return target;
        }

        var builder = new UriBuilder(uri) { Password = "" };
        return builder.Uri.ToString();
    }

    private static SqliteConnection Open(string databasePath, SqliteOpenMode mode)
    {
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
