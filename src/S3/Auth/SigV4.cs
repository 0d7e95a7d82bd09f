using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.S3.Auth;

/// <summary>
/// The cryptographic steps of AWS Signature Version 4: signing key, string to sign, signature.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public const string Terminal = "aws4_request";

    public const string Service = "s3";

    /// <summary>Hex SHA-256 of nothing, which chunk signatures carry in place of a headers hash.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public const int SignatureHexLength = 64;

    public static byte[] DeriveSigningKey(string secret, string date, string region, string service)
    {
        // kSecret -> kDate -> kRegion -> kService -> kSigning, each the HMAC of the next part under the
        // previous key; two buffers alternate so that no HMAC writes over the key it is reading.
        var secretBytes = Encoding.UTF8.GetBytes("AWS4" + secret);
        Span<byte> even = stackalloc byte[32];
        Span<byte> odd = stackalloc byte[32];
        HmacInto(secretBytes, date, even);
        HmacInto(even, region, odd);
        HmacInto(odd, service, even);
        HmacInto(even, Terminal, odd);
        CryptographicOperations.ZeroMemory(secretBytes);
        return odd.ToArray();
    }

    public static string StringToSign(string timestamp, string scope, string canonicalRequest)
    {
        return $"{Algorithm}\n{timestamp}\n{scope}\n{Sha256Hex(canonicalRequest)}";
    }

    /// <summary>
    /// HMAC-SHA256, under <paramref name="signingKey"/>, of the string to sign whose canonical request
    /// hashes to <paramref name="canonicalRequestHash"/>: the same bytes as signing <see cref="StringToSign"/>,
    /// built on the stack instead of in strings.
    /// </summary>
    public static void SignInto(ReadOnlySpan<byte> signingKey, string timestamp, string scope, ReadOnlySpan<byte> canonicalRequestHash, Span<byte> signature)
    {
        // "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + 64 hex digits; scopes are short
        // (the region is this server's), so the stack serves all but absurd ones.
        var length = Algorithm.Length + timestamp.Length + scope.Length + 3 + SignatureHexLength;
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length)) : null;
        var buffer = rented ?? stackalloc byte[Encoding.UTF8.GetMaxByteCount(512)];
        try
        {
            var written = Encoding.UTF8.GetBytes(Algorithm, buffer);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(timestamp, buffer[written..]);
            buffer[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(scope, buffer[written..]);
            buffer[written++] = (byte)'\n';
            Span<char> hex = stackalloc char[SignatureHexLength];
            Convert.TryToHexStringLower(canonicalRequestHash, hex, out _);
            written += Encoding.ASCII.GetBytes(hex, buffer[written..]);
            HMACSHA256.HashData(signingKey, buffer[..written], signature);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static string Sha256Hex(string text)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>HMAC-SHA256 of UTF-8 <paramref name="text"/> under <paramref name="key"/>, as 32 bytes in <paramref name="destination"/>.</summary>
    public static void HmacInto(ReadOnlySpan<byte> key, string text, Span<byte> destination)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            HMACSHA256.HashData(key, rented.AsSpan(0, length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string Sign(byte[] signingKey, string stringToSign)
    {
        Span<byte> signature = stackalloc byte[32];
        HmacInto(signingKey, stringToSign, signature);
        return Convert.ToHexStringLower(signature);
    }

    /// <summary>
    /// Compares in constant time, so that response timing reveals nothing about how many leading bytes of
    /// a forged signature were right. A signature that is not 64 hex digits simply does not match.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> computed, ReadOnlySpan<char> providedHex)
    {
        Span<byte> provided = stackalloc byte[32];
        return providedHex.Length == SignatureHexLength
            && Convert.FromHexString(providedHex, provided, out _, out var written) == OperationStatus.Done
            && written == provided.Length
            && CryptographicOperations.FixedTimeEquals(computed, provided);
    }

    /// <summary>Same as <see cref="Matches(ReadOnlySpan{byte}, ReadOnlySpan{char})"/> for a signature that arrived as ASCII bytes.</summary>
    public static bool Matches(ReadOnlySpan<byte> computed, ReadOnlySpan<byte> providedHexAscii)
    {
        Span<char> chars = stackalloc char[SignatureHexLength];
        if (providedHexAscii.Length != SignatureHexLength)
        {
            return false;
        }

        for (var i = 0; i < providedHexAscii.Length; i++)
        {
            chars[i] = (char)providedHexAscii[i];
        }

        return Matches(computed, chars);
    }
}
