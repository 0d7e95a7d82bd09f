using System.CommandLine;

using Coffer.Engine.Postgres;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// `coffer admin migrate --to postgresql://… --data DIR`: moves a deployment's metadata from the data directory's SQLite
/// database to PostgreSQL while the server on it keeps serving (see <see cref="MigrationRun"/>). Like scrub, it works on
/// the data directory itself, not through a server.
/// </summary>
public static class MigrateCommand
{
    /// <summary>Exit code when the verification found the target unlike the source: nothing was moved.</summary>
    public const int Mismatch = 1;

    /// <summary>Exit code when the move was refused or could not go on (the message says why); a rerun continues it.</summary>
    public const int CouldNotMove = 2;

    /// <summary>Exit code when the move was interrupted; a rerun continues it.</summary>
    public const int Interrupted = 130;

    public static Command Create()
    {
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL database to move into (postgresql://user:password@host:port/database): empty, or holding this same move, interrupted",
            Required = true,
        };
        var data = DataDirectoryOption.Create("The data directory whose metadata moves: the one the server runs with (its --data)");
        var command = new Command(
            "migrate",
            "Move the data directory's metadata from SQLite to PostgreSQL while the server keeps serving: copy, catch up, pause " +
            "writes for a moment, verify every table, switch the server over. Rerun it after an interruption to continue. Exit " +
            $"code 0: moved (or moved already); {Mismatch}: the verification failed and nothing moved; {CouldNotMove}: refused or failed (the line says why).")
        {
            to,
            data,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var console = parse.InvocationConfiguration;

            // The bar only where a person watches, as scrub's.
            var onTerminal = ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected;
            return RunAsync(parse.GetValue(to)!, parse.GetValue(data)!, console.Output, console.Error, onTerminal, hooks: null, cancellationToken);
        });
        return command;
    }

    /// <summary>The command's work, with <paramref name="hooks"/> for tests that step into it.</summary>
    public static async Task<int> RunAsync(
        string target, string dataDirectory, TextWriter output, TextWriter error, bool progressBar, MigrationHooks? hooks, CancellationToken cancellationToken)
    {
        using var bar = progressBar ? new ProgressBar(error) : null;
        try
        {
            await new MigrationRun(dataDirectory, target, output, bar, hooks ?? new MigrationHooks()).RunAsync(cancellationToken);
            return 0;
        }
        catch (MigrationMismatchException mismatch)
        {
            await error.WriteLineAsync($"coffer admin migrate: {mismatch.Message}");
            return Mismatch;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("coffer admin migrate: interrupted; the server stays on SQLite. Run the same command again to continue.");
            return Interrupted;
        }
        catch (Exception e) when (Explain(e) is { } reason)
        {
            await error.WriteLineAsync($"coffer admin migrate: {reason}");
            return CouldNotMove;
        }
    }

    private static string? Explain(Exception e) => e switch
    {
        MigrationRefusedException => e.Message,
        MetadataDatabaseException => $"the target cannot be used: {e.Message}",
        FormatException => e.Message,
        SqliteException => $"the SQLite database failed ({e.Message}); the server stays on SQLite. Run the same command again to continue.",
        NpgsqlException => $"the target failed ({MetadataDatabaseException.Explain(e)?.Message ?? e.Message}); the server stays on SQLite. Run the same command again to continue.",
        IOException or UnauthorizedAccessException => $"{e.Message}; the server stays on SQLite. Run the same command again to continue.",
        _ => null,
    };
}
