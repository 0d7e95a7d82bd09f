using Coffer.Engine.Caching;
using Coffer.TestKit;

namespace Coffer.Engine.Tests.Caching;

public class ShortLivedCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ChangeCounter _changes = new();
    private readonly ManualClock _clock = new();
    private readonly ShortLivedCache<string, string> _cache;

    public ShortLivedCacheTests() => _cache = new(_changes, Lifetime, maxEntries: 3, _clock);

    [Fact]
    public void TryGet_WithinTheLifetime_ReturnsWhatWasSet()
    {
        _cache.Set("key", "value", _cache.Stamp());
        _clock.Advance(Lifetime - TimeSpan.FromMilliseconds(1));

        Assert.True(_cache.TryGet("key", out var value));
        Assert.Equal("value", value);
    }

    [Fact]
    public void TryGet_OnceTheLifetimeHasPassed_Misses()
    {
        _cache.Set("key", "value", _cache.Stamp());

        _clock.Advance(Lifetime);

        Assert.False(_cache.TryGet("key", out _));
    }

    [Fact]
    public void TryGet_AfterAChangeIsCounted_Misses()
    {
        _cache.Set("key", "value", _cache.Stamp());

        _changes.Increment();

        Assert.False(_cache.TryGet("key", out _));
    }

    [Fact]
    public void Set_WithAStampTakenBeforeAChange_IsBornRetired()
    {
        // A read that started before a revocation committed may have seen the old grant.
        var stamp = _cache.Stamp();
        _changes.Increment();

        _cache.Set("key", "read before the change", stamp);

        Assert.False(_cache.TryGet("key", out _));
    }

    [Fact]
    public void Set_PastTheBound_StartsOver()
    {
        _cache.Set("a", "1", _cache.Stamp());
        _cache.Set("b", "2", _cache.Stamp());
        _cache.Set("c", "3", _cache.Stamp());

        _cache.Set("d", "4", _cache.Stamp());

        Assert.False(_cache.TryGet("a", out _));
        Assert.True(_cache.TryGet("d", out _));
    }

    [Fact]
    public async Task CountAsync_AFailedWrite_IsCountedToo()
    {
        var before = _changes.Version;

        await Assert.ThrowsAsync<InvalidOperationException>(() => _changes.CountAsync(Task.FromException<int>(new InvalidOperationException())));

        Assert.Equal(before + 1, _changes.Version);
    }
}
