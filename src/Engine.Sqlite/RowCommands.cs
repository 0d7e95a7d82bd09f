using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>The two shapes most row classes' SQL takes: a change with parameters, and a query read into records.</summary>
internal static class RowCommands
{
    public static int Execute(SqliteSession session, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = session.Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    public static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
