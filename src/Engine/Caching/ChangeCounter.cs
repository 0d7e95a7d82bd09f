using Coffer.Engine.Ports;

namespace Coffer.Engine.Caching;

/// <summary>
/// Counts the changes made to one kind of state (IAM, bucket settings), so that the caches of that state can tell an
/// entry read before a change from one read after it. Alone, it counts the changes made through this process; shared
/// through a <see cref="IChangeFeed"/> (<see cref="ShareThrough"/>), it also publishes them to the other nodes on the
/// same database, whose <see cref="ChangeFeedWatcher"/> counts them there.
/// </summary>
/// <param name="name">The feed's name in the shared database ("identity", "buckets").</param>
public sealed class ChangeCounter(string name = "")
{
    private long _version;
    private IChangeFeed? _feed;

    public string Name => name;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Publishes every change counted from now on through <paramref name="feed"/>, for the other nodes' caches.</summary>
    public void ShareThrough(IChangeFeed feed) => _feed = feed;

    /// <summary>Call once a change has committed: every cache entry read before now is retired.</summary>
    public void Increment() => Interlocked.Increment(ref _version);

    /// <summary>
    /// Awaits a write, then counts it, whether it committed or not: a refused write changes nothing, so counting it
    /// costs only a few cache misses, while missing a committed one would leave stale grants in memory. When shared, the
    /// change is published before the call returns, so that when the client hears the answer every node hears of the
    /// change within its next poll. A publish that fails (the database lost just then) is not the write's failure:
    /// the other nodes' caches then see the change when their entries' short lives end.
    /// </summary>
    public async Task<T> CountAsync<T>(Task<T> write)
    {
        try
        {
            return await write;
        }
        finally
        {
            Increment();
            if (_feed is { } feed)
            {
                await PublishQuietlyAsync(feed);
            }
        }
    }

    private async Task PublishQuietlyAsync(IChangeFeed feed)
    {
        try
        {
            await feed.PublishChangeAsync(name, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // See CountAsync: the caches' time to live bounds what this costs.
        }
    }
}
