using Microsoft.Data.Sqlite;

namespace Coffer.Server.Hosting;

/// <summary>
/// Notices, while a server runs on the embedded database, that `coffer admin migrate` moved its metadata to
/// PostgreSQL: it reads the directory's move (<see cref="MetadataMove"/>) about every second, and at once when a write
/// was refused because of it. From the move on, every write answers 503, so the sooner the server switches the better.
/// </summary>
internal sealed partial class MetadataMoveWatcher(string dataDirectory, Task writeRefused, ILogger logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly string _targetFile = Path.Combine(dataDirectory, MetadataMove.TargetFileName);

    /// <summary>
    /// Completes with the move once the database records it and the file names its target; until then it keeps
    /// looking. Cancelled by <paramref name="cancellationToken"/> (the server stopped for another reason).
    /// </summary>
    public async Task<MetadataMove> WaitAsync(CancellationToken cancellationToken)
    {
        var toldTargetMissing = false;
        while (true)
        {
            if (TryRead() is { } move)
            {
                if (move.Target is not null)
                {
                    return move;
                }

                // The tool writes the file before it records the move, so only a hand can have taken it away. Writes are
                // refused meanwhile; putting the file back lets the switch happen.
                if (!toldTargetMissing)
                {
                    Log.TargetMissing(logger, move.RedactedTarget, move.MovedOn, _targetFile);
                    toldTargetMissing = true;
                }
            }

            // The first refused write cuts the wait short; after it, every look waits its second.
            var pause = Task.Delay(Interval, cancellationToken);
            await (writeRefused.IsCompleted ? pause : Task.WhenAny(pause, writeRefused));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private MetadataMove? TryRead()
    {
        try
        {
            return MetadataMove.Read(dataDirectory);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // A look that failed (the file busy being replaced, a passing I/O error) is only a look: the next one comes in a second.
            Log.LookFailed(logger, e.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(
            EventId = 230, Level = LogLevel.Error,
            Message = "The metadata moved to {Target} on {MovedOn}, but {TargetFile}, which names the new database, is missing: writes are refused until it is back (or the server is restarted with --metadata)")]
        public static partial void TargetMissing(ILogger logger, string target, string movedOn, string targetFile);

        [LoggerMessage(EventId = 231, Level = LogLevel.Debug, Message = "Could not look for a move of the metadata: {Problem}")]
        public static partial void LookFailed(ILogger logger, string problem);
    }
}
