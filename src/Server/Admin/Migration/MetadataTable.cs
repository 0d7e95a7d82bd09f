namespace Coffer.Server.Admin.Migration;

/// <summary>How the target stores a column; SQLite holds each as INTEGER, TEXT or BLOB.</summary>
internal enum ColumnType
{
    Text,
    BigInt,
    Integer,
    Boolean,
    Bytes,
}

/// <summary>
/// A column of the target, and the SQLite expression that yields it (the column of the same name, except where the
/// two schemas differ, see <see cref="MetadataTables"/>).
/// </summary>
internal sealed record TableColumn(string Name, ColumnType Type, string Source);

/// <summary>One metadata table as both databases hold it: the target's columns, and its primary key among them.</summary>
internal sealed record MetadataTable(string Name, IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableColumn> Key)
{
    /// <summary>The SQLite expressions of every column, in the target's order: what each row read from SQLite holds.</summary>
    public string SourceColumns => string.Join(", ", Columns.Select(column => column.Source));

    public string TargetColumns => string.Join(", ", Columns.Select(column => column.Name));

    /// <summary>
    /// Primary-key order compared byte by byte on both sides (SQLite's BINARY, PostgreSQL's "C"): the IAM tables' keys
    /// are NOCASE in SQLite, and a PostgreSQL text column without COLLATE "C" follows the database's locale, so neither
    /// table's own order would match the other's.
    /// </summary>
    public string SourceKeyOrder => string.Join(", ", Key.Select(column => column.Type == ColumnType.Text ? $"{column.Source} COLLATE BINARY" : column.Source));

    public string TargetKeyOrder => string.Join(", ", Key.Select(column => column.Type == ColumnType.Text ? $"{column.Name} COLLATE \"C\"" : column.Name));

    /// <summary>The target's condition for one key: its columns equal to <c>$1</c>, <c>$2</c>... in key order.</summary>
    public string TargetKeyCondition => string.Join(" AND ", Key.Select((column, i) => $"{column.Name} = ${i + 1}"));

    /// <summary>Where the row's position in <see cref="Columns"/> of each key column is.</summary>
    public int[] KeyPositions => [.. Key.Select(key => Columns.ToList().FindIndex(column => column.Name == key.Name))];
}
