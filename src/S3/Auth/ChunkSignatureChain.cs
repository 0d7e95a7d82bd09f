using System.Security.Cryptography;
using System.Text;

namespace Coffer.S3.Auth;

/// <summary>
/// Verifies the signatures of an aws-chunked body. Each chunk signs its data's SHA-256 together with the
/// previous signature, starting from the header signature, so chunks can be neither altered, dropped nor
/// reordered. Chunk data is hashed incrementally as it streams: a chunk of many MiB is never held whole.
/// See https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and sigv4-streaming-trailers.html.
/// </summary>
internal sealed class ChunkSignatureChain : IDisposable
{
    private const int HexLength = SigV4.SignatureHexLength;

    private readonly StreamingSigningContext _context;
    private readonly IncrementalHash _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    // "AWS4-HMAC-SHA256-PAYLOAD\n<timestamp>\n<scope>\n<previous>\n<empty hash>\n<chunk hash>", laid out
    // once; each chunk rewrites its chunk hash, and each verified signature becomes the next <previous>.
    private readonly byte[] _chunkStringToSign;
    private readonly int _previousOffset;

    public ChunkSignatureChain(StreamingSigningContext context)
    {
        _context = context;
        var text = $"AWS4-HMAC-SHA256-PAYLOAD\n{context.Timestamp}\n{context.Scope}\n{context.SeedSignature}\n{SigV4.EmptySha256}\n{SigV4.EmptySha256}";
        _chunkStringToSign = Encoding.ASCII.GetBytes(text);
        _previousOffset = _chunkStringToSign.Length - (3 * HexLength) - 2;
    }

    private Span<byte> PreviousSignature => _chunkStringToSign.AsSpan(_previousOffset, HexLength);

    public void AppendChunkData(ReadOnlySpan<byte> data)
    {
        _chunkHash.AppendData(data);
    }

    /// <summary>Checks the signature of the chunk whose data was just appended, and moves the chain on.</summary>
    public void VerifyChunk(ReadOnlySpan<byte> providedSignature)
    {
        Span<byte> digest = stackalloc byte[32];
        _chunkHash.GetHashAndReset(digest);
        Convert.TryToHexStringLower(digest, _chunkStringToSign.AsSpan(_chunkStringToSign.Length - HexLength), out _);
        Check(_chunkStringToSign, providedSignature);
    }

    /// <summary>
    /// Checks <c>x-amz-trailer-signature</c>: it signs the hash of the trailer lines, in the canonical form
    /// "name:value\n", chained to the signature of the final, empty chunk.
    /// </summary>
    public void VerifyTrailer(string canonicalTrailers, ReadOnlySpan<byte> providedSignature)
    {
        var previous = Encoding.ASCII.GetString(PreviousSignature);
        var text = Encoding.ASCII.GetBytes(
            $"AWS4-HMAC-SHA256-TRAILER\n{_context.Timestamp}\n{_context.Scope}\n{previous}\n{SigV4.Sha256Hex(canonicalTrailers)}");
        Check(text, providedSignature);
    }

    public void Dispose()
    {
        _chunkHash.Dispose();
    }

    private void Check(ReadOnlySpan<byte> stringToSign, ReadOnlySpan<byte> providedSignature)
    {
        Span<byte> computed = stackalloc byte[32];
        HMACSHA256.HashData(_context.SigningKey, stringToSign, computed);
        if (!SigV4.Matches(computed, providedSignature))
        {
            throw AuthErrors.SignatureDoesNotMatch(
                _context.AccessKeyId,
                Encoding.ASCII.GetString(stringToSign),
                Encoding.ASCII.GetString(providedSignature),
                canonicalRequest: null);
        }

        Convert.TryToHexStringLower(computed, PreviousSignature, out _);
    }
}
