using System.Net;
using System.Net.Http.Headers;

using Coffer.Bench.Load.Bodies;
using Coffer.Bench.Load.Transport;
using Coffer.TestKit.Signing;

namespace Coffer.Load.Tests.Transport;

public class ObjectOperationsTests
{
    private const string Key = "load/get/00000002";

    // Three MiB: the range below crosses the 1 MiB pattern block's seam, and is longer than one 256 KiB read.
    private const long Size = 3L << 20;
    private const long Offset = (1L << 20) + 12_345;
    private const long Length = (300L << 10) + 7;

    [Fact]
    public async Task GetRangeAsync_ServerSendsTheSlice_AsksForItAndReturnsItsLength()
    {
        var (operations, handler) = Operations(_ => PartialAnswer(Slice(Key, Offset, Length), Offset, Length));
        using var buffers = new WorkerBuffers();

        var moved = await operations.GetRangeAsync(Key, Size, Offset, Length, buffers, CancellationToken.None);

        Assert.Equal(Length, moved);
        Assert.Equal($"bytes={Offset}-{Offset + Length - 1}", handler.LastRequest!.Headers.Range!.ToString());
    }

    [Fact]
    public async Task GetRangeAsync_ServerSendsTheSliceOneByteLater_IsCaught()
    {
        var (operations, _) = Operations(_ => PartialAnswer(Slice(Key, Offset + 1, Length), Offset, Length));
        using var buffers = new WorkerBuffers();

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => operations.GetRangeAsync(Key, Size, Offset, Length, buffers, CancellationToken.None));

        Assert.Contains($"byte {Offset} of the object differs", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRangeAsync_ServerSendsAnotherKeysSlice_IsCaught()
    {
        var (operations, _) = Operations(_ => PartialAnswer(Slice("load/get/00000003", Offset, Length), Offset, Length));
        using var buffers = new WorkerBuffers();

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => operations.GetRangeAsync(Key, Size, Offset, Length, buffers, CancellationToken.None));

        Assert.Contains("differs from what was PUT", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRangeAsync_ServerLabelsTheWrongRange_IsCaught()
    {
        var (operations, _) = Operations(_ => PartialAnswer(Slice(Key, Offset, Length), Offset + 1, Length));
        using var buffers = new WorkerBuffers();

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => operations.GetRangeAsync(Key, Size, Offset, Length, buffers, CancellationToken.None));

        Assert.Contains("Content-Range", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRangeAsync_ServerIgnoresTheRange_IsCaught()
    {
        var (operations, _) = Operations(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Slice(Key, 0, Size)) });
        using var buffers = new WorkerBuffers();

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => operations.GetRangeAsync(Key, Size, Offset, Length, buffers, CancellationToken.None));

        Assert.Contains("HTTP 200", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRangeAsync_SseS3ObjectSaysAes256_Passes()
    {
        var (operations, _) = Operations(_ => Encrypted(PartialAnswer(Slice(Key, Offset, Length), Offset, Length)), ServerSideEncryption.SseS3);
        using var buffers = new WorkerBuffers();

        Assert.Equal(Length, await operations.GetRangeAsync(Key, Size, Offset, Length, buffers, CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_SseS3_SendsTheHeader()
    {
        var (operations, handler) = Operations(_ => Encrypted(PutAnswer()), ServerSideEncryption.SseS3);

        await operations.PutAsync(Key, 10, CancellationToken.None);

        Assert.Equal("AES256", handler.LastRequest!.Headers.GetValues("x-amz-server-side-encryption").Single());
    }

    [Fact]
    public async Task PutAsync_SseS3ButTheAnswerDoesNotSayIt_IsCaught()
    {
        var (operations, _) = Operations(_ => PutAnswer(), ServerSideEncryption.SseS3);

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => operations.PutAsync(Key, 10, CancellationToken.None));

        Assert.Contains("x-amz-server-side-encryption is missing", failure.Message, StringComparison.Ordinal);
    }

    private static (ObjectOperations Operations, StubHandler Handler) Operations(
        Func<HttpRequestMessage, HttpResponseMessage> answer, ServerSideEncryption? encryption = null)
    {
        var handler = new StubHandler(answer);
        var client = new HttpClient(handler);
        var requests = new S3RequestFactory(new Uri("http://127.0.0.1:9300"), "bench", new SigV4Signer("AK", "SK", "us-east-1"));
        return (new ObjectOperations(client, requests, expectS3Answers: true, encryption ?? ServerSideEncryption.None), handler);
    }

    private static byte[] Slice(string key, long offset, long length)
    {
        using var content = ObjectBody.PartContentFor(key, offset, length);
        return content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    /// <summary>206 with the given body, labelled as bytes from..from+length-1 of the object.</summary>
    private static HttpResponseMessage PartialAnswer(byte[] body, long from, long length)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentRange = new ContentRangeHeaderValue(from, from + length - 1, Size);
        return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
    }

    private static HttpResponseMessage PutAnswer()
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.ETag = new EntityTagHeaderValue("\"d41d8cd98f00b204e9800998ecf8427e\"");
        return response;
    }

    private static HttpResponseMessage Encrypted(HttpResponseMessage response)
    {
        response.Headers.Add("x-amz-server-side-encryption", "AES256");
        return response;
    }
}
