using System.Security.Cryptography;

namespace Coffer.Engine.Model;

/// <summary>
/// An SSE-C customer key: the 256-bit key a request carries (x-amz-server-side-encryption-customer-key). It lives only
/// as long as the request that brought it; nothing persisted holds it, which is why it travels beside a request and is
/// never part of <see cref="ObjectAttributes"/>. What is stored instead is a check made from it
/// (<see cref="ObjectEncryption.CustomerKeyCheck"/>), which cannot give the key back.
/// </summary>
public sealed class CustomerKey
{
    public const int Size = 32;

    private readonly byte[] _key;

    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public CustomerKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != Size)
        {
            throw new ArgumentException($"An SSE-C key is {Size} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    public ReadOnlySpan<byte> Bytes => _key;

    /// <summary>The MD5 of the key, base64: what S3 echoes in x-amz-server-side-encryption-customer-key-MD5.</summary>
    public string Md5Base64 => Convert.ToBase64String(MD5.HashData(_key));

    // Never the key itself in a log line or an exception message.
    public override string ToString() => "CustomerKey(MD5 " + Md5Base64 + ")";
}
