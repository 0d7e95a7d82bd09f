using Coffer.Engine.Coordination;
using Coffer.Engine.Maintenance;

namespace Coffer.Server.Hosting;

/// <summary>
/// Runs the blob collector, on one node at a time (under the lease <c>blob-collector</c>): periodically for blobs old
/// enough that no in-flight PUT can still be about to commit them, and, on a node alone on its data directory, once at
/// start-up for every blob older than this process (each is either referenced or an orphan of a crash). Where several
/// nodes share the blob directory, another node may be writing a blob this one never heard of, so an orphan is only
/// ever judged by its age against the grace period. Abandoned multipart uploads are the lifecycle worker's (its
/// default rule; see <see cref="LifecycleService"/>), which frees their parts itself.
/// </summary>
public sealed partial class BlobCollectorService(
    BlobCollector collector, LeasedJobs jobs, Deployment deployment, TimeProvider clock, ILogger<BlobCollectorService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Longer than any single PUT takes between writing its blob and committing it.</summary>
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromHours(1);

    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => jobs.RunAsync("blob-collector", SweepAsync, stoppingToken);

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        var cutoff = deployment.SharesBlobs ? clock.GetUtcNow() - InFlightGrace : _startedAt;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await collector.CollectAsync(cutoff, InFlightGrace, stoppingToken);
                if (result.QueuedDeleted + result.OrphansDeleted > 0)
                {
                    Log.Collected(logger, result.QueuedDeleted, result.OrphansDeleted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                Log.Failed(logger, error);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            cutoff = clock.GetUtcNow() - InFlightGrace;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Blob collector freed {Queued} released and {Orphans} orphaned blobs")]
        public static partial void Collected(ILogger logger, int queued, int orphans);

        [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Blob collector sweep failed; it will run again")]
        public static partial void Failed(ILogger logger, Exception error);
    }
}
