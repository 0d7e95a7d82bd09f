using System.Collections.Concurrent;

namespace Coffer.Engine.Caching;

/// <summary>
/// Values that every request reads and that rarely change (resolved access keys, identity
/// policies, bucket settings), kept for a few seconds. Two things retire an entry: its time to
/// live, which bounds how long a change made elsewhere (another node on the same database) goes
/// unseen, and <see cref="ChangeCounter.Increment"/> on the counter the cache watches, which
/// makes a change made through this process visible at once: a revoked key or a new Deny must
/// never be served from memory after the call that made it has answered.
/// </summary>
/// <remarks>
/// The usage is <c>TryGet</c>; on a miss, <c>Stamp</c>, then read the store, then <c>Set</c> with that
/// stamp. Taking the stamp before the read is what makes it safe: a change that commits while the
/// read runs moves the counter past the stamp, so the entry is born retired.
/// </remarks>
public sealed class ShortLivedCache<TKey, TValue>(ChangeCounter changes, TimeSpan timeToLive, int maxEntries, TimeProvider clock)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public bool TryGet(TKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value)
    {
        if (_entries.TryGetValue(key, out var entry)
            && entry.Stamp.Version == changes.Version
            && clock.GetUtcNow() - entry.Stamp.ReadAt < timeToLive)
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Take this before reading the value from its store, and pass it to <see cref="Set"/>.</summary>
    public CacheStamp Stamp() => new(changes.Version, clock.GetUtcNow());

    public void Set(TKey key, TValue value, CacheStamp stamp)
    {
        // The bound only guards against a flood of distinct keys; starting over is crude but rare,
        // and the next requests simply read the store again.
        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(value, stamp);
    }

    private sealed record Entry(TValue Value, CacheStamp Stamp);
}

/// <summary>When a cached value was read: the change counter then, and the time.</summary>
public readonly record struct CacheStamp(long Version, DateTimeOffset ReadAt);
