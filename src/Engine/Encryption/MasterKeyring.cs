using System.Security.Cryptography;

namespace Coffer.Engine.Encryption;

/// <summary>
/// The server's master keys, which wrap the data keys of SSE-S3 blobs. New data keys are wrapped by the current key;
/// a wrapped key names the key that wrapped it (<see cref="DataKeyWrapper.ReadKeyId"/>), so that after a rotation the
/// older keys still open what they wrapped. A key's id is a fingerprint of it, so the same key always has the same id.
/// </summary>
public sealed class MasterKeyring : IDisposable
{
    public const int KeySize = DataKeyWrapper.KeySize;

    private const string IdPrefix = "master-";

    private readonly Dictionary<string, DataKeyWrapper> _byId = new(StringComparer.Ordinal);
    private readonly DataKeyWrapper _current;

    /// <param name="current">The key that wraps new data keys.</param>
    /// <param name="older">Keys rotated out, still needed to unwrap.</param>
    public MasterKeyring(ReadOnlySpan<byte> current, params IEnumerable<byte[]> older)
    {
        _current = Add(current);
        foreach (var key in older)
        {
            Add(key);
        }
    }

    public string CurrentKeyId => _current.KeyId;

    /// <summary>"master-" and the first 16 hex digits of the key's SHA-256: tells keys apart, gives none away.</summary>
    public static string IdOf(ReadOnlySpan<byte> key) => IdPrefix + Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    /// <summary>Whether a wrapped key's id names a master key, rather than a KMS key or an SSE-C customer key.</summary>
    public static bool IsMasterKeyId(string keyId) => keyId.StartsWith(IdPrefix, StringComparison.Ordinal);

    /// <summary>Whether this ring has the key of that id, current or older.</summary>
    public bool Holds(string keyId) => _byId.ContainsKey(keyId);

    public byte[] Wrap(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context) => _current.Wrap(dataKey, context);

    /// <exception cref="KeyUnwrapException">No key of this ring wrapped it, or it was altered, or wrapped for another context.</exception>
    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context)
    {
        var id = DataKeyWrapper.ReadKeyId(wrapped);
        return _byId.TryGetValue(id, out var wrapper)
            ? wrapper.Unwrap(wrapped, context)
            : throw new KeyUnwrapException(KeyUnwrapFailure.OtherWrappingKey, $"The data key was wrapped by master key {id}, which this server does not have.");
    }

    /// <summary>The data key inside <paramref name="wrapped"/>, wrapped again by the current key for the same context.</summary>
    /// <exception cref="KeyUnwrapException">As <see cref="Unwrap"/>.</exception>
    public byte[] Rewrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> context)
    {
        var dataKey = Unwrap(wrapped, context);
        try
        {
            return Wrap(dataKey, context);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public void Dispose()
    {
        foreach (var wrapper in _byId.Values)
        {
            wrapper.Dispose();
        }
    }

    private DataKeyWrapper Add(ReadOnlySpan<byte> key)
    {
        var wrapper = new DataKeyWrapper(IdOf(key), key);
        _byId.TryAdd(wrapper.KeyId, wrapper);
        return wrapper;
    }
}
