using System.IO.Pipelines;
using System.Text;

using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

using static Coffer.S3.Tests.Auth.AuthTestKit;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// aws-chunked bodies, from the example of "Signature Calculations for the Authorization Header:
/// Transferring Payload in Multiple Chunks": 66560 bytes of 'a' in chunks of 64 KiB and 1 KiB.
/// </summary>
public class ChunkedUploadTests
{
    private const string SeedSignature = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private const string FirstChunkSignature = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    private const string SecondChunkSignature = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    private const string FinalChunkSignature = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

    [Fact]
    public async Task ReadAsync_DocumentedChunkedUpload_DecodesAndVerifiesEveryChunk()
    {
        var context = DocumentedRequest(DocumentedBody());

        var (result, body) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal(66560, body.Length);
        Assert.All(body, b => Assert.Equal((byte)'a', b));
        Assert.Equal(66560, result.DecodedContentLength);
    }

    [Fact]
    public void ChunkedBody_DocumentedChunks_CarryTheDocumentedSignatures()
    {
        var body = Encoding.ASCII.GetString(DocumentedBody());

        Assert.StartsWith($"10000;chunk-signature={FirstChunkSignature}\r\n", body, StringComparison.Ordinal);
        Assert.Contains($"\r\n400;chunk-signature={SecondChunkSignature}\r\n", body, StringComparison.Ordinal);
        Assert.EndsWith($"\r\n0;chunk-signature={FinalChunkSignature}\r\n\r\n", body, StringComparison.Ordinal);
        Assert.Equal(66824, body.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task ReadAsync_AnyReadSize_DecodesSameBytes(int readSize)
    {
        var context = DocumentedRequest(DocumentedBody());
        var result = await Authenticator(ExampleTime).AuthenticateAsync(context, CancellationToken.None);

        var total = 0;
        var buffer = new byte[readSize];
        int read;
        while ((read = await result.Body.ReadAsync(buffer)) > 0)
        {
            Assert.All(buffer[..read], b => Assert.Equal((byte)'a', b));
            total += read;
        }

        Assert.Equal(66560, total);
    }

    [Fact]
    public async Task ReadAsync_TamperedChunkData_IsSignatureDoesNotMatch()
    {
        var body = DocumentedBody();
        body[200] = (byte)'b';

        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest(body));

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
        Assert.Equal(FirstChunkSignature, Detail(error, "SignatureProvided"));
        Assert.StartsWith($"AWS4-HMAC-SHA256-PAYLOAD\n{Timestamp}\n{Scope}\n{SeedSignature}\n", Detail(error, "StringToSign"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TamperedChunkSignature_IsSignatureDoesNotMatch()
    {
        var body = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(DocumentedBody()).Replace(SecondChunkSignature, FirstChunkSignature, StringComparison.Ordinal));

        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest(body));

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
    }

    [Fact]
    public async Task ReadAsync_ChunksReordered_IsSignatureDoesNotMatch()
    {
        var first = Encoding.ASCII.GetBytes(new string('a', 8192));
        var second = Encoding.ASCII.GetBytes(new string('b', 8192));
        var (headers, seed) = StreamingHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 16384, trailer: null);
        var honest = Encoding.ASCII.GetString(ChunkedBody(seed, [first, second]));
        var firstFrame = honest[..honest.IndexOf("2000;", 10, StringComparison.Ordinal)];
        var secondFrame = honest[firstFrame.Length..honest.IndexOf("0;", firstFrame.Length + 10, StringComparison.Ordinal)];
        var swapped = secondFrame + firstFrame + honest[(firstFrame.Length + secondFrame.Length)..];

        var error = await FailsAsync(Authenticator(ExampleTime), Request("PUT", "/bucket/key", headers, Encoding.ASCII.GetBytes(swapped)));

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
    }

    [Fact]
    public async Task ReadAsync_BodyCutMidChunk_IsIncompleteBody()
    {
        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest(DocumentedBody()[..40000]));

        Assert.Equal(S3Error.IncompleteBody, error.Error);
    }

    [Fact]
    public async Task ReadAsync_NoFinalChunk_IsIncompleteBody()
    {
        var body = Encoding.ASCII.GetString(DocumentedBody());
        var withoutFinal = body[..body.LastIndexOf("0;chunk-signature", StringComparison.Ordinal)];

        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest(Encoding.ASCII.GetBytes(withoutFinal)));

        Assert.Equal(S3Error.IncompleteBody, error.Error);
    }

    [Fact]
    public async Task ReadAsync_DataAfterFinalChunk_IsInvalidRequest()
    {
        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest([.. DocumentedBody(), .. "extra"u8]));

        Assert.Equal(S3Error.InvalidRequest, error.Error);
    }

    [Fact]
    public async Task ReadAsync_DecodedLengthDiffersFromDeclared_IsIncompleteBody()
    {
        var (headers, seed) = StreamingHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", decodedLength: 10, trailer: null);
        var body = ChunkedBody(seed, ["abc"u8.ToArray()]);

        var error = await FailsAsync(Authenticator(ExampleTime), Request("PUT", "/bucket/key", headers, body));

        Assert.Equal(S3Error.IncompleteBody, error.Error);
    }

    [Fact]
    public async Task ReadAsync_ChunkSizeOverflowingTheDecodedLength_IsIncompleteBodyBeforeItsData()
    {
        // Found by the aws-chunked fuzz target: 5 + 0x7FFFFFFFFFFFFFFF wrapped to a negative sum, which
        // passed the length check, and the chunk's data came out past the declared 10 bytes.
        var (headers, _) = StreamingHeaders("STREAMING-UNSIGNED-PAYLOAD-TRAILER", decodedLength: 10, trailer: null);
        var body = Encoding.ASCII.GetBytes("5\r\nabcde\r\n7fffffffffffffff\r\n" + new string('x', 100));
        var result = await Authenticator(ExampleTime).AuthenticateAsync(Request("PUT", "/bucket/key", headers, body), CancellationToken.None);
        var buffer = new byte[5];

        await result.Body.ReadExactlyAsync(buffer);
        var error = await Assert.ThrowsAsync<S3Exception>(async () => await result.Body.ReadExactlyAsync(buffer));

        Assert.Equal(S3Error.IncompleteBody, error.Error);
    }

    [Theory]
    [InlineData("zz;chunk-signature=")]
    [InlineData("10000000000000000;chunk-signature=")]
    [InlineData("-1;chunk-signature=")]
    public async Task ReadAsync_BadChunkSize_IsInvalidRequest(string header)
    {
        var body = Encoding.ASCII.GetBytes(header + FirstChunkSignature + "\r\n");

        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest(body));

        Assert.Equal(S3Error.InvalidRequest, error.Error);
    }

    [Fact]
    public async Task ReadAsync_ChunkHeaderWithoutEnd_IsRejectedWithoutBufferingIt()
    {
        var body = Encoding.ASCII.GetBytes("10000;chunk-signature=" + new string('0', 100_000));

        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest(body));

        Assert.Equal(S3Error.InvalidRequest, error.Error);
    }

    [Fact]
    public async Task ReadAsync_ChunkWithoutSignature_IsIncompleteSignature()
    {
        var error = await FailsAsync(Authenticator(ExampleTime), DocumentedRequest("3\r\nabc\r\n0\r\n\r\n"u8.ToArray()));

        Assert.Equal(S3Error.IncompleteSignature, error.Error);
    }

    [Fact]
    public async Task ReadAsync_LargeChunk_ReturnsDataBeforeChunkEnds()
    {
        // A 8 MiB chunk, of which only the first 1 MiB has arrived: the reader must already see data,
        // which proves the chunk is streamed, not buffered until its signature can be checked.
        var (headers, _) = StreamingHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 8 << 20, trailer: null);
        var pipe = new Pipe();
        var context = Request("PUT", "/bucket/key", headers);
        context.Request.Body = pipe.Reader.AsStream();
        var result = await Authenticator(ExampleTime).AuthenticateAsync(context, CancellationToken.None);

        // The pipe holds back a writer until the reader catches up, so the client side writes concurrently.
        var client = Task.Run(async () =>
        {
            await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes($"800000;chunk-signature={new string('0', 64)}\r\n"));
            await pipe.Writer.WriteAsync(new byte[1 << 20]);
        });
        var received = 0;
        var buffer = new byte[64 * 1024];
        while (received < 1 << 20)
        {
            received += await result.Body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(1 << 20, received);
        await client.WaitAsync(TimeSpan.FromSeconds(10));
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task ReadAsync_SignedTrailer_VerifiesAndExposesTrailers()
    {
        var (headers, seed) = StreamingHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", 66560, "x-amz-checksum-crc32c");
        var body = ChunkedBody(seed, [Encoding.ASCII.GetBytes(new string('a', 65536)), Encoding.ASCII.GetBytes(new string('a', 1024))], [("x-amz-checksum-crc32c", "sOO8/Q==")]);
        var context = Request("PUT", "/bucket/key", headers, body);

        var authenticator = Authenticator(ExampleTime);
        var result = await authenticator.AuthenticateAsync(context, CancellationToken.None);
        Assert.Empty(result.Trailers);
        await result.Body.CopyToAsync(Stream.Null);

        Assert.Equal("sOO8/Q==", result.Trailers["x-amz-checksum-crc32c"]);
        Assert.Single(result.Trailers);
    }

    [Fact]
    public async Task ReadAsync_TamperedSignedTrailer_IsSignatureDoesNotMatch()
    {
        var (headers, seed) = StreamingHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", 3, "x-amz-checksum-crc32");
        var body = Encoding.ASCII.GetString(ChunkedBody(seed, ["abc"u8.ToArray()], [("x-amz-checksum-crc32", "NSRBwg==")]));
        var tampered = Encoding.ASCII.GetBytes(body.Replace("NSRBwg==", "AAAAAA==", StringComparison.Ordinal));

        var error = await FailsAsync(Authenticator(ExampleTime), Request("PUT", "/bucket/key", headers, tampered));

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
        Assert.StartsWith($"AWS4-HMAC-SHA256-TRAILER\n{Timestamp}\n{Scope}\n", Detail(error, "StringToSign"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SignedTrailerWithoutSignature_IsIncompleteSignature()
    {
        var (headers, seed) = StreamingHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", 3, "x-amz-checksum-crc32");
        var body = Encoding.ASCII.GetString(ChunkedBody(seed, ["abc"u8.ToArray()], [("x-amz-checksum-crc32", "NSRBwg==")]));
        var stripped = body[..body.IndexOf("x-amz-trailer-signature", StringComparison.Ordinal)] + "\r\n";

        var error = await FailsAsync(Authenticator(ExampleTime), Request("PUT", "/bucket/key", headers, Encoding.ASCII.GetBytes(stripped)));

        Assert.Equal(S3Error.IncompleteSignature, error.Error);
    }

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n")]
    [InlineData("2\r\nhe\r\n3\r\nllo\r\n0\r\nX-Amz-Checksum-CRC32 : NhCmhg==\r\n\r\n")]
    public async Task ReadAsync_UnsignedTrailer_DecodesAndExposesTrailers(string wire)
    {
        var (headers, _) = StreamingHeaders("STREAMING-UNSIGNED-PAYLOAD-TRAILER", 5, "x-amz-checksum-crc32");
        var context = Request("PUT", "/bucket/key", headers, Encoding.ASCII.GetBytes(wire));

        var (result, body) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.Equal("hello", Encoding.ASCII.GetString(body));
        Assert.Equal("NhCmhg==", result.Trailers["x-amz-checksum-crc32"]);
        Assert.Equal(5, result.DecodedContentLength);
    }

    [Fact]
    public async Task ReadAsync_UnsignedTrailerAnonymous_DecodesBody()
    {
        var context = Request("PUT", "/bucket/key", [("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"), ("x-amz-decoded-content-length", "5")], "5\r\nhello\r\n0\r\n\r\n"u8.ToArray());

        var (result, body) = await AuthenticateAndReadAsync(Authenticator(ExampleTime), context);

        Assert.True(result.IsAnonymous);
        Assert.Equal("hello", Encoding.ASCII.GetString(body));
    }

    private static byte[] DocumentedBody()
    {
        return ChunkedBody(SeedSignature, [Encoding.ASCII.GetBytes(new string('a', 65536)), Encoding.ASCII.GetBytes(new string('a', 1024))]);
    }

    /// <summary>The documented request; its seed signature covers these exact headers, Content-Length included.</summary>
    private static DefaultHttpContext DocumentedRequest(byte[] body)
    {
        return Request("PUT", "/examplebucket/chunkObject.txt", [
            ("Host", "s3.amazonaws.com"),
            ("x-amz-date", Timestamp),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"),
            ("Content-Length", "66824"),
            ("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature={SeedSignature}"),
        ], body);
    }
}
