using Coffer.Engine.Ports;

namespace Coffer.Engine.Caching;

/// <summary>
/// Watches the shared change counters for the changes other nodes make, and counts each one in this node's own
/// <see cref="ChangeCounter"/> of that name, which retires the cached copies read before it. With the default poll of a
/// quarter second, a key revoked on one node is refused by every node well within a second.
/// </summary>
public sealed class ChangeFeedWatcher(IChangeFeed feed, IReadOnlyCollection<ChangeCounter> counters, TimeProvider clock)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>Polls until <paramref name="stoppingToken"/> fires. A failed poll (the database lost) is tried again at the next.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // Until the database is back, the caches' time to live bounds staleness; the next poll tries again.
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One look: counts a change in every counter whose shared count moved since the last look.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        var shared = await feed.ReadChangesAsync(cancellationToken);
        foreach (var counter in counters)
        {
            var count = shared.GetValueOrDefault(counter.Name);
            if (!_seen.TryGetValue(counter.Name, out var seen) || seen != count)
            {
                _seen[counter.Name] = count;
                counter.Increment();
            }
        }
    }
}
