namespace Coffer.Server.Admin.Migration;

/// <summary>
/// Points at which a test steps into a move: to interrupt it after a table, to change the target behind its back before
/// the verification, which must then catch it, or to write to SQLite between the verification and the pause.
/// </summary>
public sealed record MigrationHooks
{
    /// <summary>After each table is copied whole (and recorded as copied), with its name.</summary>
    public Func<string, Task>? TableCopied { get; init; }

    /// <summary>After the first catch-up, just before every table is verified at one snapshot.</summary>
    public Func<Task>? BeforeVerify { get; init; }

    /// <summary>After the verification and the catch-up that follows it, just before the pause takes SQLite's write lock.</summary>
    public Func<Task>? BeforePause { get; init; }
}
