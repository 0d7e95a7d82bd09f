using System.Collections.Concurrent;

namespace Coffer.S3.Auth;

/// <summary>
/// Derived SigV4 signing keys. A key costs four HMACs and changes only once a day per access key, while
/// every request needs one, so it is computed once and reused.
/// </summary>
internal sealed class SigningKeyCache
{
    // Each entry is one access key on one day; the bound only guards against a flood of distinct
    // credentials. Clearing everything is crude but rare, and the next requests simply re-derive.
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();

    public byte[] Get(string secret, string date, string region, string service)
    {
        var cacheKey = (secret, date, region, service);
        if (_keys.TryGetValue(cacheKey, out var key))
        {
            return key;
        }

        if (_keys.Count >= MaxEntries)
        {
            _keys.Clear();
        }

        key = SigV4.DeriveSigningKey(secret, date, region, service);
        _keys.TryAdd(cacheKey, key);
        return key;
    }
}
