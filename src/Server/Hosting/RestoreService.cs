using Coffer.Engine.Archive;
using Coffer.Engine.Coordination;

namespace Coffer.Server.Hosting;

/// <summary>
/// Runs the restore worker: completes restores when their delay has passed (copying archives out of their tier) and
/// drops restored copies when they expire. It looks every few seconds, and at once when a restore is asked for on this
/// node; one node at a time, under the lease <c>restores</c>.
/// </summary>
public sealed partial class RestoreService(ArchiveRestores restores, LeasedJobs jobs, ILogger<RestoreService> logger) : BackgroundService
{
    /// <summary>How often the worker looks for due restores without being woken: the finest grain of a restore delay or expiry.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => jobs.RunAsync("restores", RunAsync, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (completed, expired) = await restores.RunDueAsync(stoppingToken);
                if (completed + expired > 0)
                {
                    Log.Ran(logger, completed, expired);
                }

                await restores.WaitForWorkAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                Log.Failed(logger, error);
                try
                {
                    await Task.Delay(Interval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Restores: {Completed} completed, {Expired} restored copies expired")]
        public static partial void Ran(ILogger logger, int completed, int expired);

        [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Restore worker round failed; it will run again")]
        public static partial void Failed(ILogger logger, Exception error);
    }
}
