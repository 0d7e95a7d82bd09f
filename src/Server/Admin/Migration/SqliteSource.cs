using Microsoft.Data.Sqlite;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// The data directory's metadata.db, opened beside a running server the way the server's own store opens it
/// (src/Engine.Sqlite/SqliteConnections.cs): the file is in WAL mode already (the server set it), so this connection
/// reads in snapshots without blocking the server's writer; a 10-second busy timeout, as the server's, for the moments
/// either side holds the write lock; and synchronous=FULL, so what this tool commits (the change capture, the move)
/// survives a power loss as the server's commits do. One connection, used by one caller at a time.
/// </summary>
internal sealed class SqliteSource : IDisposable
{
    private SqliteTransaction? _transaction;

    private SqliteSource(SqliteConnection connection)
    {
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Throws <see cref="MigrationRefusedException"/> when there is no database at <paramref name="path"/>.</summary>
    public static SqliteSource Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new MigrationRefusedException($"there is no metadata database at {path}: nothing to move.");
        }

        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,

            // ReadWrite, never Create: a missing file is refused above, not made.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var settings = connection.CreateCommand();
            settings.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;";
            settings.ExecuteNonQuery();
            return new SqliteSource(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Begins a read transaction whose snapshot starts with its first statement and holds until <see cref="Commit"/>:
    /// every table read in it is read as of one instant, while the server goes on writing beside it.
    /// </summary>
    public void BeginSnapshot() => _transaction = Connection.BeginTransaction(deferred: true);

    /// <summary>
    /// BEGIN IMMEDIATE: takes SQLite's write lock now, so the server's writers wait (up to their busy timeout) until
    /// <see cref="Commit"/> or <see cref="Rollback"/>, while its readers go on.
    /// </summary>
    public void BeginImmediate() => _transaction = Connection.BeginTransaction(deferred: false);

    public void Commit()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        _transaction?.Rollback();
        _transaction?.Dispose();
        _transaction = null;
    }

    public bool InTransaction => _transaction is not null;

    /// <summary>A command in the current transaction, if any, with its parameters bound in order as $1, $2...</summary>
    public SqliteCommand Command(string sql, params object?[] values)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"${i + 1}", values[i] ?? DBNull.Value);
        }

        return command;
    }

    public void Execute(string sql, params object?[] values)
    {
        using var command = Command(sql, values);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params object?[] values)
    {
        using var command = Command(sql, values);
        return command.ExecuteScalar() is var value and not DBNull ? value : null;
    }

    public bool TableExists(string name) =>
        Scalar("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = $1", name) is not null;

    public long Count(MetadataTable table) => (long)Scalar($"SELECT count(*) FROM {table.Name}")!;

    /// <summary>Every row of <paramref name="table"/>, streamed (one row in memory at a time), in the target's column order.</summary>
    public IEnumerable<object?[]> ReadAll(MetadataTable table, bool inKeyOrder)
    {
        using var command = Command($"SELECT {table.SourceColumns} FROM {table.Name}" + (inKeyOrder ? $" ORDER BY {table.SourceKeyOrder}" : ""));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return Row(reader);
        }
    }

    /// <summary>The row whose primary key is exactly <paramref name="key"/> (byte for byte, even where the column is NOCASE), or null.</summary>
    public object?[]? ReadRow(MetadataTable table, IReadOnlyList<object?> key)
    {
        // Both comparisons: the first lets SQLite seek the key's index (NOCASE on the IAM tables), the second keeps only
        // the row whose text is the same bytes, so that "Bob" renamed from "bob" is a new key and "bob" a deleted one.
        var where = string.Join(" AND ", table.Key.Select((column, i) => $"{column.Source} = ${i + 1} AND {column.Source} = ${i + 1} COLLATE BINARY"));
        using var command = Command($"SELECT {table.SourceColumns} FROM {table.Name} WHERE {where}", [.. key]);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Row(reader) : null;
    }

    private static object?[] Row(SqliteDataReader reader)
    {
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        Connection.Dispose();
    }
}
