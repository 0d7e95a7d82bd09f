using System.Net;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server;

using Microsoft.Extensions.Logging;

namespace Coffer.EndToEnd.Tests;

/// <summary>The real server, its Information entries captured: access lines and refusals.</summary>
public sealed class AccessLoggedCofferServer : CofferServer
{
    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Information).AddProvider(Logs);
}

/// <summary>The same, with the access log turned off.</summary>
public sealed class AccessLogOffCofferServer : CofferServer
{
    protected override ServerOptions Configure(ServerOptions options) => options with { AccessLog = false };

    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Information).AddProvider(Logs);
}

/// <summary>
/// One access line per request (S3, IAM and STS, CORS preflights), with what an operator needs to answer "who did
/// what, and how did it go", and refusal lines that name the caller's key id, the action and the resource.
/// </summary>
public sealed class AccessLogTests(AccessLoggedCofferServer server, AccessLogOffCofferServer quiet)
    : IClassFixture<AccessLoggedCofferServer>, IClassFixture<AccessLogOffCofferServer>
{
    private const string AccessLogCategory = "Coffer.S3.Logging.AccessLog";

    [Fact]
    public async Task PutAndGet_EachHaveOneAccessLine_WithBytesStatusPrincipalAndTheResponsesRequestId()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("access");
        await s3.PutBucketAsync(bucket);
        const string body = "twenty-six bytes of text..";

        // Not aws-chunked, so that the bytes received are the body's own; a key with a line break, which the log encodes.
        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "notes/line\nbreak here.txt",
            ContentBody = body,
            UseChunkEncoding = false,
        });
        using var get = await s3.GetObjectAsync(bucket, "notes/line\nbreak here.txt");
        await get.ResponseStream.CopyToAsync(Stream.Null);

        var putLine = await AccessLineAsync(server, put.ResponseMetadata.RequestId);
        var getLine = await AccessLineAsync(server, get.ResponseMetadata.RequestId);
        Assert.Contains(
            $"PUT PutObject bucket={bucket} key=notes/line%0Abreak%20here.txt status=200 received=26 sent=0 ms=", putLine, StringComparison.Ordinal);
        Assert.Contains(
            $"GET GetObject bucket={bucket} key=notes/line%0Abreak%20here.txt status=200 received=0 sent=26 ms=", getLine, StringComparison.Ordinal);
        foreach (var line in new[] { putLine, getLine })
        {
            Assert.Contains($" principal={server.AccessKey} (", line, StringComparison.Ordinal);
            Assert.Contains($" | Principal={server.AccessKey} |", line, StringComparison.Ordinal); // a field of its own, too
        }
    }

    [Fact]
    public async Task StsCallAndCorsPreflight_HaveAccessLinesToo()
    {
        using var sts = server.CreateStsClient(new BasicAWSCredentials(server.AccessKey, server.SecretKey));
        var session = await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 });
        using var http = server.CreateHttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/no-such-bucket/key");
        preflight.Headers.Add("Origin", "https://example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var answer = await http.SendAsync(preflight);

        var stsLine = await AccessLineAsync(server, session.ResponseMetadata.RequestId);
        var preflightLine = await AccessLineAsync(server, answer.Headers.GetValues("x-amz-request-id").Single());
        Assert.Contains("POST sts:GetSessionToken bucket=- key=- status=200 ", stsLine, StringComparison.Ordinal);
        Assert.Contains($" principal={server.AccessKey} (", stsLine, StringComparison.Ordinal);
        Assert.Contains($"OPTIONS OptionsObject bucket=no-such-bucket key=key status={(int)answer.StatusCode} ", preflightLine, StringComparison.Ordinal);
        Assert.Contains(" principal=anonymous (", preflightLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessDenied_RefusalLineNamesTheKeyIdTheActionAndTheResource()
    {
        var bucket = await BucketWithObjectAsync(server, "refused", "secret/plan.txt");
        var user = await new IamUsers(server).CreateAsync("lister-" + bucket[^8..], IamUsers.AllowOnBucket(bucket, "s3:ListBucket"));
        using var lister = server.CreateClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => lister.GetObjectAsync(bucket, "secret/plan.txt"));

        var line = await LineAsync(server, $"({refused.RequestId})", "Refused with");
        Assert.Contains(
            $"Refused with AccessDenied: Access Denied; caller {user.AccessKeyId}, s3:GetObject on arn:aws:s3:::{bucket}/secret/plan.txt", line,
            StringComparison.Ordinal);
        Assert.DoesNotContain(user.SecretAccessKey, string.Join('\n', server.Logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSignature_RefusalAndAccessLinesNameTheKeyIdAsPresented()
    {
        using var wrong = server.CreateClient(secretKey: "not-the-secret-0123456789abcdefghijklmno", retries: false);
        var bucket = CofferServer.UniqueBucket("badsig");

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => wrong.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));

        var refusal = await LineAsync(server, $"({refused.RequestId})", "Refused with");
        Assert.Contains("Refused with SignatureDoesNotMatch: ", refusal, StringComparison.Ordinal);
        Assert.Contains($"; caller {server.AccessKey}, s3:ListBucket on arn:aws:s3:::{bucket} (", refusal, StringComparison.Ordinal);
        Assert.Contains($"status=403 ", await AccessLineAsync(server, refused.RequestId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLogOff_NoAccessLine_RefusalsStillLogged()
    {
        var bucket = await BucketWithObjectAsync(quiet, "quiet", "a.txt");
        using var http = quiet.CreateHttpClient();
        using var denied = await http.GetAsync($"/{bucket}/a.txt");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var requestId = denied.Headers.GetValues("x-amz-request-id").Single();
        await LineAsync(quiet, $"({requestId})", "Refused with AccessDenied");
        Assert.DoesNotContain(quiet.Logs.Lines, line => line.Contains(AccessLogCategory, StringComparison.Ordinal));
    }

    /// <summary>A new bucket holding the key, written by root.</summary>
    private static async Task<string> BucketWithObjectAsync(CofferServer server, string hint, string key)
    {
        using var root = server.CreateClient();
        var bucket = CofferServer.UniqueBucket(hint);
        await root.PutBucketAsync(bucket);
        await root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        return bucket;
    }

    private static Task<string> AccessLineAsync(CofferServer server, string requestId) => LineAsync(server, $"({requestId})", AccessLogCategory);

    /// <summary>The one captured line holding both texts; the access line is written as the response completes, so it may trail the client.</summary>
    private static async Task<string> LineAsync(CofferServer server, string text, string alsoHolding)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lines = server.Logs.Lines.Where(l => l.Contains(text, StringComparison.Ordinal) && l.Contains(alsoHolding, StringComparison.Ordinal)).ToList();
            if (lines.Count > 0 || attempt == 100)
            {
                return Assert.Single(lines);
            }

            await Task.Delay(50);
        }
    }
}
