using System.Security.Cryptography;

using Coffer.Engine.Model;

namespace Coffer.Engine.Encryption;

/// <summary>
/// SSE-C without keeping the customer's key, as S3 does: an object stores a check, salt ‖ HMAC-SHA256(key, label ‖ salt),
/// which tells the right key from a wrong one and cannot give the key back. The object's data keys are wrapped by a key
/// derived from the customer key with HKDF-SHA256 under the same salt, so the check and the wrap belong to one object.
/// </summary>
public static class CustomerKeyCheck
{
    /// <summary>The wrapping key id of SSE-C data keys: says a sealed key needs the request's customer key to open.</summary>
    public const string WrappingKeyId = "sse-c";

    public const int SaltSize = 16;

    private const int Length = SaltSize + 32;

    private static ReadOnlySpan<byte> CheckLabel => "coffer sse-c key check"u8;

    private static ReadOnlySpan<byte> WrapInfo => "coffer sse-c wrap"u8;

    /// <summary>A new check of <paramref name="key"/>, with a fresh salt: one per object or upload.</summary>
    public static byte[] New(CustomerKey key)
    {
        var check = new byte[Length];
        RandomNumberGenerator.Fill(check.AsSpan(0, SaltSize));
        Mac(key, check.AsSpan(0, SaltSize), check.AsSpan(SaltSize));
        return check;
    }

    /// <summary>True when <paramref name="key"/> is the key <paramref name="check"/> was made from; fixed time.</summary>
    public static bool Matches(CustomerKey key, ReadOnlySpan<byte> check)
    {
        if (check.Length != Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[Length - SaltSize];
        Mac(key, check[..SaltSize], mac);
        return CryptographicOperations.FixedTimeEquals(mac, check[SaltSize..]);
    }

    /// <summary>The wrapper of the object's data keys: its key derived from the customer key and the check's salt.</summary>
    /// <remarks>The caller disposes it, which wipes the derived key.</remarks>
    public static DataKeyWrapper Wrapper(CustomerKey key, ReadOnlySpan<byte> check)
    {
        if (check.Length != Length)
        {
            throw new ArgumentException("Not an SSE-C key check.", nameof(check));
        }

        Span<byte> wrappingKey = stackalloc byte[DataKeyWrapper.KeySize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, wrappingKey, check[..SaltSize], WrapInfo);
            return new DataKeyWrapper(WrappingKeyId, wrappingKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrappingKey);
        }
    }

    private static void Mac(CustomerKey key, ReadOnlySpan<byte> salt, Span<byte> mac)
    {
        Span<byte> data = stackalloc byte[CheckLabel.Length + SaltSize];
        CheckLabel.CopyTo(data);
        salt.CopyTo(data[CheckLabel.Length..]);
        HMACSHA256.HashData(key.Bytes, data, mac);
    }
}
