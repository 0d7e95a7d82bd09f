namespace Coffer.Engine.Caching;

/// <summary>
/// Counts the changes made through this process to one kind of state (IAM, bucket settings), so
/// that the caches of that state can tell an entry read before a change from one read after it.
/// </summary>
public sealed class ChangeCounter
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Call once a change has committed: every cache entry read before now is retired.</summary>
    public void Increment() => Interlocked.Increment(ref _version);

    /// <summary>
    /// Awaits a write, then counts it, whether it committed or not: a refused write changes
    /// nothing, so counting it costs only a few cache misses, while missing a committed one would
    /// leave stale grants in memory.
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
        }
    }
}
