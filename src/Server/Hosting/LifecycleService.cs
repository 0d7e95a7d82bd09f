using Coffer.Engine.Coordination;
using Coffer.Engine.Errors;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiering;

namespace Coffer.Server.Hosting;

/// <summary>
/// Runs the lifecycle worker's passes, one at a time, over every bucket (those without a configuration get the default
/// rule that aborts week-old uploads). With real days: a pass a minute after start (which goes on with a pass a stop
/// cut short, or does the day's pass if none ran), then one at each midnight UTC, when S3's rounded due dates fall.
/// With <c>--lifecycle-day-seconds N</c>: a pass at start, then every N seconds. A stop cancels the pass between two
/// removals; the stored position lets the next start go on from there. One node at a time runs the passes, under the
/// lease <c>lifecycle</c>; a node that takes them over starts as a node that just started would.
/// </summary>
/// <remarks>Each bucket's Intelligent-Tiering pass (<see cref="IntelligentTieringPass"/>) runs right after its lifecycle pass, on the same days.</remarks>
public sealed partial class LifecycleService(
    LifecycleWorker worker, IMetadataStore metadata, LeasedJobs jobs, TimeProvider clock, ILogger<LifecycleService> logger, IntelligentTieringPass? tiering = null)
    : BackgroundService
{
    /// <summary>With real days, the first pass waits this long, so that it does not slow the first requests of a start.</summary>
    private static readonly TimeSpan FirstPassDelay = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => jobs.RunAsync("lifecycle", RunPassesAsync, stoppingToken);

    private async Task RunPassesAsync(CancellationToken stoppingToken)
    {
        var day = worker.Day;
        if (!worker.CanTransition)
        {
            Log.TransitionsUnavailable(logger);
        }

        try
        {
            if (day.IsReal)
            {
                await Task.Delay(FirstPassDelay, clock, stoppingToken);
            }

            while (true)
            {
                var started = clock.GetUtcNow();
                await RunPassAsync(stoppingToken);
                await Task.Delay(UntilNextPass(day, started, clock.GetUtcNow()), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Real days: until the next midnight UTC. Short days: until one day after the last pass started (at once when it took longer).</summary>
    public static TimeSpan UntilNextPass(LifecycleDay day, DateTimeOffset lastStarted, DateTimeOffset now)
    {
        var next = day.IsReal ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1) : lastStarted + day.Length;
        return next > now ? next - now : TimeSpan.Zero;
    }

    private async Task RunPassAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<BucketInfo> buckets;
        try
        {
            buckets = await metadata.ListBucketsAsync(stoppingToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Log.PassFailed(logger, "", error);
            return;
        }

        foreach (var bucket in buckets)
        {
            if (!BucketName.TryParse(bucket.Name, out var name, out _))
            {
                continue;
            }

            try
            {
                var counts = await worker.RunBucketAsync(name.Value, startOver: false, null, stoppingToken);
                Report(logger, bucket.Name, counts);
                if (tiering is not null && await tiering.RunBucketAsync(name.Value, stoppingToken) is { } moved && moved.Moved + moved.Failed > 0)
                {
                    Log.TieringPass(logger, bucket.Name, moved.Moved, moved.Failed, moved.Examined);
                }
            }
            catch (EngineException gone) when (gone.Code == EngineError.NoSuchBucket)
            {
                // Deleted since the listing: nothing to do.
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One bucket's failure (a full disk, a broken configuration) must not stop the others; the next pass retries it.
                Log.PassFailed(logger, bucket.Name, error);
            }
        }
    }

    /// <summary>One line per bucket the pass changed anything in, and a warning for transitions not made.</summary>
    private static void Report(ILogger logger, string bucket, LifecycleCounts counts)
    {
        if (counts.AnyAction)
        {
            Log.BucketPass(
                logger, bucket, counts[LifecycleAction.Expired], counts[LifecycleAction.NoncurrentRemoved], counts[LifecycleAction.DeleteMarkerRemoved],
                counts[LifecycleAction.UploadAborted], counts[LifecycleAction.Transitioned], counts[LifecycleAction.SkippedForLock], counts.Examined);
        }

        if (counts[LifecycleAction.TransitionFailed] + counts[LifecycleAction.TransitionUnavailable] > 0)
        {
            Log.TransitionsNotMade(logger, bucket, counts[LifecycleAction.TransitionFailed], counts[LifecycleAction.TransitionUnavailable]);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Information,
            Message = "Lifecycle pass of {Bucket}: {Expired} expired, {NoncurrentRemoved} noncurrent versions removed, {MarkersRemoved} expired delete markers removed, {UploadsAborted} uploads aborted, {Transitioned} transitioned, {SkippedForLock} kept by object lock ({Examined} examined)")]
        public static partial void BucketPass(
            ILogger logger, string bucket, long expired, long noncurrentRemoved, long markersRemoved, long uploadsAborted, long transitioned, long skippedForLock,
            long examined);

        [LoggerMessage(EventId = 111, Level = LogLevel.Warning,
            Message = "Lifecycle pass of {Bucket}: transitions due but not made: {Failed} refused by the target tier (retried next pass), {Unavailable} with no storage class transitions on this server")]
        public static partial void TransitionsNotMade(ILogger logger, string bucket, long failed, long unavailable);

        [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "Lifecycle pass failed for bucket '{Bucket}'; the next pass goes on from where it stopped")]
        public static partial void PassFailed(ILogger logger, string bucket, Exception error);

        [LoggerMessage(EventId = 114, Level = LogLevel.Information,
            Message = "Intelligent-Tiering pass of {Bucket}: {Moved} versions moved between access tiers, {Failed} refused by a tier (retried next pass) ({Examined} examined)")]
        public static partial void TieringPass(ILogger logger, string bucket, long moved, long failed, long examined);

        [LoggerMessage(EventId = 113, Level = LogLevel.Information,
            Message = "Lifecycle: this server has no storage class transitions; rules' transitions are counted and logged, not made")]
        public static partial void TransitionsUnavailable(ILogger logger);
    }
}
