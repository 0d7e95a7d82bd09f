using System.Security.Cryptography;

namespace Coffer.S3.Auth;

/// <summary>
/// Hashes the body as it passes and, on the read that reaches the end, compares it with the
/// x-amz-content-sha256 the client signed. Nothing is buffered, whatever the size.
/// </summary>
internal sealed class Sha256CheckingStream(Stream inner, string expectedHex) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read > 0)
        {
            _hash.AppendData(buffer.Span[..read]);
        }
        else if (buffer.Length > 0 && !_verified)
        {
            Verify();
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Verify()
    {
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        var computed = Convert.ToHexStringLower(digest);
        if (!computed.Equals(expectedHex, StringComparison.OrdinalIgnoreCase))
        {
            throw AuthErrors.ContentSha256Mismatch(expectedHex, computed);
        }

        _verified = true;
    }
}
