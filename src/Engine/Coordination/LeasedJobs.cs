using Coffer.Engine.Ports;

namespace Coffer.Engine.Coordination;

/// <summary>
/// Runs a background job only while this node holds its lease: it waits its turn while another node holds it, renews
/// it while the job runs, and cancels the job when it can no longer renew (the database lost, or the lease run out and
/// taken by another node), then waits its turn again. On a stop it gives the lease up, so that another node takes the
/// job over at once rather than when the lease runs out.
/// </summary>
/// <remarks>
/// The lease keeps the work from being done twice over, not the data safe: every job checks what it changes inside its
/// own transactions (the collector asks whether a blob is known; lifecycle rechecks each version), so a node that runs a
/// little past losing its lease (a long pause) does no harm.
/// </remarks>
public sealed class LeasedJobs(ILeaseStore leases, string holder, TimeProvider clock)
{
    /// <summary>How long a lease lasts unrenewed: how long a dead node's jobs wait before another node takes them.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(15);

    public TimeSpan Duration { get; init; } = DefaultDuration;

    public string Holder => holder;

    /// <summary>
    /// Runs <paramref name="job"/> (which should run until its token is cancelled) whenever this node holds the lease
    /// <paramref name="name"/>, until <paramref name="stoppingToken"/> fires.
    /// </summary>
    public async Task RunAsync(string name, Func<CancellationToken, Task> job, CancellationToken stoppingToken)
    {
        var retry = Duration / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await TryTakeAsync(name, stoppingToken))
            {
                if (!await DelayAsync(retry, stoppingToken))
                {
                    return;
                }

                continue;
            }

            using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewing = RenewAsync(name, held);
            try
            {
                await job(held.Token);
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested)
            {
            }
            finally
            {
                await held.CancelAsync();
                await renewing;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync(name);
                return;
            }
        }
    }

    /// <summary>Renews every third of the lease's time; cancels <paramref name="held"/> when a renewal is refused, or none succeeded for two thirds of it.</summary>
    private async Task RenewAsync(string name, CancellationTokenSource held)
    {
        var lastRenewed = clock.GetTimestamp();
        while (await DelayAsync(Duration / 3, held.Token))
        {
            bool renewed;
            try
            {
                renewed = await leases.TryTakeLeaseAsync(name, holder, Duration, held.Token);
                if (renewed)
                {
                    lastRenewed = clock.GetTimestamp();
                }
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database may be back before the lease runs out; give up only when it may have.
                renewed = clock.GetElapsedTime(lastRenewed) < Duration * 2 / 3;
            }

            if (!renewed)
            {
                await held.CancelAsync();
                return;
            }
        }
    }

    private async Task<bool> TryTakeAsync(string name, CancellationToken stoppingToken)
    {
        try
        {
            return await leases.TryTakeLeaseAsync(name, holder, Duration, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return false;
        }
    }

    private async Task ReleaseQuietlyAsync(string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseLeaseAsync(name, holder, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // It runs out by itself.
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
