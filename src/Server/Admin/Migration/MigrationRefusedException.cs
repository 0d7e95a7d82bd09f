namespace Coffer.Server.Admin.Migration;

/// <summary>The move cannot start or go on as things are; the message is one line a user can act on, and nothing was moved.</summary>
internal sealed class MigrationRefusedException(string message) : Exception(message);

/// <summary>The target's rows do not match the source's at the switch: the move was abandoned, the source left as it was.</summary>
internal sealed class MigrationMismatchException(string table, string detail)
    : Exception($"table {table} differs between SQLite and the target ({detail}): the move was abandoned and the server stays on SQLite.")
{
    public string Table { get; } = table;
}
