using System.Text;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>Bodies that lie: aws-chunked framing or signatures spoiled, a Content-Length the body does not keep.</summary>
public static partial class BadInputCases
{
    private static IEnumerable<BadInputCase> Bodies =>
    [
        new("chunked-wrong-chunk-signature", w => SignedChunked(w, body => ReplaceFirstSignature(body, new string('0', 64))), 403, "SignatureDoesNotMatch"),
        new("chunked-missing-chunk-signature", w => SignedChunked(w, body => RemoveFirstSignature(body)), 400, "IncompleteSignature"),
        new("chunked-truncated-mid-chunk", w => SignedChunked(w, body => body[..(body.IndexOf("\r\n", StringComparison.Ordinal) + 10)]), 400, "IncompleteBody"),
        new("chunked-missing-final-chunk", w => SignedChunked(w, body => body[..(body.IndexOf("\r\n0;", StringComparison.Ordinal) + 2)]), 400, "IncompleteBody"),
        new("chunked-longer-than-decoded-length", w => SignedChunked(w, decodedLength: NewContent.Length - 5), 400, "IncompleteBody"),
        new("chunked-shorter-than-decoded-length", w => SignedChunked(w, decodedLength: NewContent.Length + 5), 400, "IncompleteBody"),
        new("chunked-size-garbage", w => SignedChunked(w, body => "zz" + body[body.IndexOf(';', StringComparison.Ordinal)..]), 400, "InvalidRequest"),
        new("chunked-size-overflow", w => SignedChunked(w, body => "ffffffffffffffffffffff" + body[body.IndexOf(';', StringComparison.Ordinal)..]), 400, "InvalidRequest"),
        new("chunked-decoded-length-overflow", w => SignedChunked(w, decodedLength: null, decodedLengthText: "99999999999999999999999"), 400, "InvalidArgument"),
        new("chunked-decoded-length-missing", w => SignedChunked(w, decodedLength: null), 411, "MissingContentLength"),
        new("chunked-trailer-checksum-wrong", w => UnsignedTrailer(w, "x-amz-checksum-crc32:AAAAAA=="), 400, "BadDigest"),
        // A value that cannot be a CRC32 cannot match: S3 answers it as a mismatch, as the conformance suite checks.
        new("chunked-trailer-checksum-garbage", w => UnsignedTrailer(w, "x-amz-checksum-crc32:!!"), 400, "BadDigest"),
        new("chunked-trailer-missing", w => UnsignedTrailer(w, null), 400, "InvalidRequest"),
        // The client hangs up before the body it promised ends: there is no one to answer, and nothing is stored.
        new("content-length-longer-than-body", w => PutTarget(w) with { DeclaredLength = NewContent.Length + 100, EndAfterBody = true }, 0, null),
        new("content-length-shorter-than-body", w => PutTarget(w) with { DeclaredLength = NewContent.Length - 5 }, 400, "XAmzContentSHA256Mismatch"),
        new("content-length-garbage", w => PutTarget(w).WithHeader("Content-Length", "twelve"), 400, null),
        new("content-length-overflow", w => PutTarget(w).WithHeader("Content-Length", "99999999999999999999"), 400, null),
        new("content-length-2-pow-63", w => PutTarget(w).WithHeader("Content-Length", "9223372036854775808"), 400, null),
        new("content-length-over-5-gib", w => PutTarget(w) with { DeclaredLength = (5L << 30) + 1 }, 400, "EntityTooLarge"),
        new("content-md5-garbage", w => PutTarget(w, [("Content-MD5", "not base64")]), 400, "InvalidDigest"),
        new("content-md5-of-other-bytes", w => PutTarget(w, [("Content-MD5", Md5([]))]), 400, "BadDigest"),
    ];

    /// <summary>
    /// A PUT of <see cref="NewContent"/> as a signed aws-chunked body (one data chunk, then the final
    /// empty one), correctly signed, then spoiled by <paramref name="spoil"/>.
    /// </summary>
    private static RawRequest SignedChunked(HostileInputWorld world, Func<string, string>? spoil = null, long? decodedLength = 0, string? decodedLengthText = null, string? path = null)
    {
        var length = decodedLengthText ?? (decodedLength is 0 ? Text(NewContent.Length) : decodedLength is { } given ? Text(given) : null);
        var headers = new List<(string, string)> { ("Content-Encoding", "aws-chunked") };
        if (length is not null)
        {
            headers.Add(("x-amz-decoded-content-length", length));
        }

        var (request, signature) = world.Raw.SignWithSeed("PUT", path ?? world.ObjectPath, null, headers, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        var first = world.Raw.Signer.SignChunk(signature.AmzDate, signature.Seed, NewContent);
        var last = world.Raw.Signer.SignChunk(signature.AmzDate, first, []);
        var body = $"{NewContent.Length:x};chunk-signature={first}\r\n{Encoding.Latin1.GetString(NewContent)}\r\n0;chunk-signature={last}\r\n\r\n";
        return request with { Body = Latin1(spoil is null ? body : spoil(body)) };
    }

    /// <summary>A PUT of <see cref="NewContent"/> as STREAMING-UNSIGNED-PAYLOAD-TRAILER with one trailer line (none when null).</summary>
    private static RawRequest UnsignedTrailer(HostileInputWorld world, string? trailer, string? path = null)
    {
        var request = world.Raw.Sign("PUT", path ?? world.ObjectPath, null,
            [("Content-Encoding", "aws-chunked"), ("x-amz-decoded-content-length", Text(NewContent.Length)), ("x-amz-trailer", "x-amz-checksum-crc32")],
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        var body = $"{NewContent.Length:x}\r\n{Encoding.Latin1.GetString(NewContent)}\r\n0\r\n{(trailer is null ? "" : trailer + "\r\n")}\r\n";
        return request with { Body = Latin1(body) };
    }

    private static string ReplaceFirstSignature(string body, string signature)
    {
        var start = body.IndexOf("chunk-signature=", StringComparison.Ordinal) + "chunk-signature=".Length;
        return body[..start] + signature + body[(start + 64)..];
    }

    private static string RemoveFirstSignature(string body)
    {
        var start = body.IndexOf(';', StringComparison.Ordinal);
        return body[..start] + body[body.IndexOf("\r\n", StringComparison.Ordinal)..];
    }

    /// <summary>The builders above, unspoiled and aimed at <paramref name="path"/>: control tests prove them right, so each spoiled row fails for its own reason.</summary>
    internal static RawRequest ValidSignedChunked(HostileInputWorld world, string path) => SignedChunked(world, path: path);

    internal static RawRequest ValidUnsignedTrailer(HostileInputWorld world, string crc32Base64, string path) => UnsignedTrailer(world, "x-amz-checksum-crc32:" + crc32Base64, path);
}
