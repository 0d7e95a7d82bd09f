using Npgsql;

using NpgsqlTypes;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// Values between the two databases. SQLite holds every value as INTEGER (long), TEXT (string) or BLOB (byte[]); the
/// target types them (bigint, integer, boolean, bytea, text). A row read from either side is brought to SQLite's three
/// kinds for comparing.
/// </summary>
internal static class ColumnValues
{
    public static object ToTarget(object value, ColumnType type) => type switch
    {
        ColumnType.Boolean => (long)value != 0,
        ColumnType.Integer => checked((int)(long)value),
        _ => value,
    };

    /// <summary>A value as a typed parameter of a target statement.</summary>
    public static NpgsqlParameter Parameter(object? value, ColumnType type) => new()
    {
        NpgsqlDbType = DbType(type),
        Value = value is null ? DBNull.Value : ToTarget(value, type),
    };

    public static NpgsqlDbType DbType(ColumnType type) => type switch
    {
        ColumnType.Text => NpgsqlDbType.Text,
        ColumnType.BigInt => NpgsqlDbType.Bigint,
        ColumnType.Integer => NpgsqlDbType.Integer,
        ColumnType.Boolean => NpgsqlDbType.Boolean,
        ColumnType.Bytes => NpgsqlDbType.Bytea,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Fills <paramref name="row"/> with the reader's current row, each value as <see cref="FromTarget"/> gives it.</summary>
    public static object?[] ReadTargetRow(NpgsqlDataReader reader, object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = FromTarget(reader.GetValue(i));
        }

        return row;
    }

    /// <summary>A value read from the target, as SQLite would hold it: booleans 0 or 1, every integer a long.</summary>
    public static object? FromTarget(object? value) => value switch
    {
        null or DBNull => null,
        bool flag => flag ? 1L : 0L,
        int number => (long)number,
        short number => (long)number,
        _ => value,
    };
}
