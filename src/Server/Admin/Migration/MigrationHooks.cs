namespace Coffer.Server.Admin.Migration;

/// <summary>
/// Points at which a test steps into a move: to interrupt it after a table, or to change the target behind its back
/// before the pause, which the verification must then catch.
/// </summary>
public sealed record MigrationHooks
{
    /// <summary>After each table is copied whole (and recorded as copied), with its name.</summary>
    public Func<string, Task>? TableCopied { get; init; }

    /// <summary>After the catch-up, just before the pause takes SQLite's write lock.</summary>
    public Func<Task>? BeforePause { get; init; }
}
