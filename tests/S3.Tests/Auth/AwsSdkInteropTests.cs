using System.Net;
using System.Text;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Access.Principals;
using Coffer.S3.Auth;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// Requests signed by the real AWS SDK for .NET (AWSSDK.S3 4.x), handed to the authenticator in
/// place of a network. This pins down what the SDK actually sends (signed chunks with a trailer over
/// http, unsigned chunks with a trailer over https) rather than what the documentation describes.
/// </summary>
public class AwsSdkInteropTests
{
    private const string AwkwardKey = "dir/a key+with=odd@chars~(1)&ü.txt";

    [Fact]
    public async Task PutObjectAsync_OverHttp_SendsSignedChunksWithVerifiedTrailer()
    {
        var server = new FakeServer();
        using var client = server.Client("http://s3.test:9000");

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bucket", Key = AwkwardKey, ContentBody = "hello world" });

        var put = Assert.Single(server.Requests);
        Assert.Null(put.Error);
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", put.ContentSha256);
        Assert.Equal("hello world", Encoding.UTF8.GetString(put.Body));
        Assert.Equal(11, put.DecodedContentLength);
        Assert.Contains("x-amz-checksum-crc32", put.Trailers.Keys);
        Assert.Equal("AKIDINTEROP", put.AccessKeyId);
    }

    [Fact]
    public async Task PutObjectAsync_UnsignedPayloadOverHttps_SendsUnsignedChunksWithTrailer()
    {
        var server = new FakeServer();
        using var client = server.Client("https://s3.test");

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bucket", Key = AwkwardKey, ContentBody = "hello world", DisablePayloadSigning = true });

        var put = Assert.Single(server.Requests);
        Assert.Null(put.Error);
        Assert.Equal("STREAMING-UNSIGNED-PAYLOAD-TRAILER", put.ContentSha256);
        Assert.Equal("hello world", Encoding.UTF8.GetString(put.Body));
        Assert.Contains("x-amz-checksum-crc32", put.Trailers.Keys);
    }

    [Fact]
    public async Task PutObjectAsync_BodyOfSeveralChunks_IsDecodedWhole()
    {
        var server = new FakeServer();
        using var client = server.Client("http://s3.test:9000");
        var data = new byte[300_000];
        new Random(42).NextBytes(data);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bucket", Key = "big", InputStream = new MemoryStream(data) });

        var put = Assert.Single(server.Requests);
        Assert.Null(put.Error);
        Assert.Equal(data, put.Body);
    }

    [Fact]
    public async Task PutObjectAsync_WithoutChunkEncoding_SignsPayloadHash()
    {
        var server = new FakeServer();
        using var client = server.Client("http://s3.test:9000");

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "bucket",
            Key = AwkwardKey,
            ContentBody = "hello world",
            UseChunkEncoding = false,
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        });

        var put = Assert.Single(server.Requests);
        Assert.Null(put.Error);
        Assert.Equal(64, put.ContentSha256?.Length);
        Assert.Equal("hello world", Encoding.UTF8.GetString(put.Body));
    }

    [Fact]
    public async Task ListObjectsV2Async_AwkwardParameters_IsVerified()
    {
        var server = new FakeServer();
        using var client = server.Client("http://s3.test:9000");

        await client.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = "bucket",
            Prefix = "a b/c+d=e&f;g:h@ü~",
            Delimiter = "/",
            StartAfter = "x*y'z(1)",
        });

        var list = Assert.Single(server.Requests);
        Assert.Null(list.Error);
    }

    [Fact]
    public async Task PutObjectAsync_WrongSecret_FailsWithSignatureDoesNotMatch()
    {
        var server = new FakeServer();
        using var client = server.Client("http://s3.test:9000", secret: "not-the-secret");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = "bucket", Key = "key", ContentBody = "x" }));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    [Theory]
    [InlineData("http://s3.test:9000")]
    [InlineData("https://s3.test")]
    public async Task GetPreSignedURL_Get_IsVerified(string serviceUrl)
    {
        var server = new FakeServer();
        using var client = server.Client(serviceUrl);
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "bucket",
            Key = AwkwardKey,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = serviceUrl.StartsWith("https", StringComparison.Ordinal) ? Protocol.HTTPS : Protocol.HTTP,
            ResponseHeaderOverrides = { ContentDisposition = "attachment; filename=\"a b.txt\"" },
        });

        var result = await server.SendAsync(HttpMethod.Get, new Uri(url));

        Assert.Null(result.Error);
        Assert.Equal("AKIDINTEROP", result.AccessKeyId);
    }

    /// <summary>Stands in for the network: authenticates each request and answers as S3 would.</summary>
    private sealed class FakeServer : HttpMessageHandler
    {
        private readonly RequestAuthenticator _authenticator = new(
            new SingleKeyStore(),
            new AuthenticationOptions { Region = "us-east-1" },
            TimeProvider.System);

        public List<Received> Requests { get; } = [];

        public AmazonS3Client Client(string serviceUrl, string secret = SingleKeyStore.Secret)
        {
            var config = new AmazonS3Config
            {
                ServiceURL = serviceUrl,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                HttpClientFactory = new HandlerFactory(this),
                MaxErrorRetry = 0,
            };
            return new AmazonS3Client(new BasicAWSCredentials(SingleKeyStore.AccessKeyId, secret), config);
        }

        public async Task<Received> SendAsync(HttpMethod method, Uri uri)
        {
            using var request = new HttpRequestMessage(method, uri);
            using var response = await SendAsync(request, CancellationToken.None);
            return Requests[^1];
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = await ToHttpContextAsync(request);
            var received = new Received(context.Request.Headers["x-amz-content-sha256"].ToString());
            Requests.Add(received);
            try
            {
                var result = await _authenticator.AuthenticateAsync(context, cancellationToken);
                var body = new MemoryStream();
                await result.Body.CopyToAsync(body, cancellationToken);
                received.Body = body.ToArray();
                received.AccessKeyId = result.AccessKeyId;
                received.DecodedContentLength = result.DecodedContentLength;
                received.Trailers = new Dictionary<string, string>(result.Trailers);
                return Success(request);
            }
            catch (S3Exception e)
            {
                received.Error = e;
                return new HttpResponseMessage((HttpStatusCode)e.Error.StatusCode)
                {
                    Content = new StringContent(
                        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{e.Error.Code}</Code><Message>{WebUtility.HtmlEncode(e.Message)}</Message></Error>",
                        Encoding.UTF8,
                        "application/xml"),
                };
            }
        }

        private static async Task<DefaultHttpContext> ToHttpContextAsync(HttpRequestMessage request)
        {
            var context = new DefaultHttpContext();
            context.Request.Method = request.Method.Method;
            context.Features.Get<IHttpRequestFeature>()!.RawTarget = request.RequestUri!.PathAndQuery;
            context.Request.Headers.Host = request.Headers.Host ?? request.RequestUri.Authority;
            foreach (var header in request.Headers.NonValidated)
            {
                if (!header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))
                {
                    context.Request.Headers.Append(header.Key, header.Value.ToArray());
                }
            }

            var body = Array.Empty<byte>();
            if (request.Content is not null)
            {
                body = await request.Content.ReadAsByteArrayAsync();
                foreach (var header in request.Content.Headers)
                {
                    context.Request.Headers.Append(header.Key, header.Value.ToArray());
                }
            }

            context.Request.Body = new MemoryStream(body);
            return context;
        }

        private static HttpResponseMessage Success(HttpRequestMessage request)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            if (request.Method == HttpMethod.Get && request.RequestUri!.Query.Contains("list-type=2", StringComparison.Ordinal))
            {
                response.Content = new StringContent(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bucket</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>",
                    Encoding.UTF8,
                    "application/xml");
            }

            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
            return response;
        }
    }

    private sealed class Received(string contentSha256)
    {
        public string? ContentSha256 { get; } = contentSha256.Length == 0 ? null : contentSha256;

        public byte[] Body { get; set; } = [];

        public string? AccessKeyId { get; set; }

        public long? DecodedContentLength { get; set; }

        public IReadOnlyDictionary<string, string> Trailers { get; set; } = new Dictionary<string, string>();

        public S3Exception? Error { get; set; }
    }

    private sealed class HandlerFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }

    private sealed class SingleKeyStore : IAccessKeyStore
    {
        public const string AccessKeyId = "AKIDINTEROP";
        public const string Secret = "interop/secret+key";

        public ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, string? sessionToken, CancellationToken cancellationToken)
        {
            return ValueTask.FromResult(accessKeyId == AccessKeyId ? new AccessKeyCredentials(AccessKeyId, Secret, "interop", RequestPrincipal.Root("000000000000")) : null);
        }
    }
}
