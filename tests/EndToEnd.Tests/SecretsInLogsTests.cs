using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

using Microsoft.Extensions.Logging;

namespace Coffer.EndToEnd.Tests;

/// <summary>The real server logging everything it can: every category, Microsoft's included, at Trace.</summary>
public sealed class LoggedCofferServer : CofferServer
{
    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddFilter("Microsoft", LogLevel.Trace);
        logging.AddProvider(Logs);
    }
}

/// <summary>
/// Runs requests that carry every kind of secret the server handles, signed right and wrong, then
/// searches all it logged for each secret.
/// </summary>
public sealed class SecretsInLogsTests(LoggedCofferServer server) : IClassFixture<LoggedCofferServer>
{
    [Fact]
    public async Task Logs_AtEveryLevelAndCategory_ContainNoSecret()
    {
        var secrets = new List<(string What, string Value)>
        {
            ("root secret key", server.SecretKey),
            ("sealing key", Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "sealing.key")))),
            ("sealing key", Convert.ToHexString(await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "sealing.key")))),
            ("master key", Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "master.key")))),
            ("master key", Convert.ToHexString(await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "master.key")))),
        };

        using var root = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("logs");
        await root.PutBucketAsync(bucket);
        await root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc.txt", ContentBody = "logged" });

        var user = await new IamUsers(server).CreateAsync("logged-user", IamUsers.AllowOnBucket(bucket, "s3:*"));
        secrets.Add(("user secret key", user.SecretAccessKey));
        using var userS3 = server.CreateClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));
        await userS3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "by-user.txt", ContentBody = "logged" });

        using var sts = server.CreateStsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));
        var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
        secrets.Add(("session secret key", session.SecretAccessKey));
        secrets.Add(("session token", session.SessionToken));
        using var sessionS3 = server.CreateClient(session);
        await sessionS3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "by-session.txt", ContentBody = "logged" });

        using var http = new HttpClient();
        foreach (var (client, key) in new[] { (root, "doc.txt"), (sessionS3, "by-session.txt") })
        {
            var url = Presign(client, bucket, key);
            secrets.Add(("presigned URL signature", QueryValue(url, "X-Amz-Signature")));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);

            // Refused ones are logged with their reason: a tampered signature, and the same URL for another key.
            var forged = url.Replace("X-Amz-Signature=", "X-Amz-Signature=0", StringComparison.Ordinal)[..^1];
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(forged)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(url.Replace(key, "other.txt", StringComparison.Ordinal))).StatusCode);

            // A request line Kestrel itself refuses (a space inside the target), before any S3 code sees it.
            Assert.StartsWith("HTTP/1.1 400", await SendRawTargetAsync(new Uri(url).PathAndQuery.Replace("?", " ?", StringComparison.Ordinal)), StringComparison.Ordinal);
        }

        var presignedPut = root.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "put.txt",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        secrets.Add(("presigned URL signature", QueryValue(presignedPut, "X-Amz-Signature")));
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsync(presignedPut, new StringContent("logged"))).StatusCode);

        // Signed with a wrong secret, or a session token with one character changed.
        using var wrongSecret = server.CreateClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey[..^1] + "x"));
        Assert.Equal("SignatureDoesNotMatch", (await Assert.ThrowsAsync<AmazonS3Exception>(() => wrongSecret.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }))).ErrorCode);
        // A character from the middle: every bit of it counts, while the last base64 digit before padding
        // carries bits the decoder drops, so changing that one can leave the token as it was.
        var middle = session.SessionToken.Length / 2;
        var bentToken = session.SessionToken[..middle] + (session.SessionToken[middle] == 'A' ? "B" : "A") + session.SessionToken[(middle + 1)..];
        using var bentSession = server.CreateClient(new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, bentToken));
        await Assert.ThrowsAsync<AmazonS3Exception>(() => bentSession.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));

        var log = string.Join('\n', server.Logs.Lines);
        Assert.Contains("Refused with SignatureDoesNotMatch", log, StringComparison.Ordinal); // the capture works
        Assert.Contains("Coffer.S3.Logging.AccessLog: GET GetObject", log, StringComparison.Ordinal); // and holds the access lines
        foreach (var (what, value) in secrets)
        {
            foreach (var form in new[] { value, Uri.EscapeDataString(value) }.Distinct())
            {
                var at = log.IndexOf(form, StringComparison.Ordinal);
                Assert.True(at < 0, $"the log shows the {what}: …{log[Math.Max(0, at - 200)..Math.Min(log.Length, at + 100)]}…");
            }
        }
    }

    /// <summary>
    /// The same search through what `coffer server` itself prints, access and refusal lines included, in both
    /// formats: a presigned GET made with temporary credentials carries both a signature and a session token in its
    /// query, and neither the query nor the secret behind it may show.
    /// </summary>
    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task ConsoleLogs_PresignedGetWithSessionToken_ShowNoSignatureTokenOrSecret(string format)
    {
        const string rootKey = "CONSOLESECRETSKEY";
        const string rootSecret = "console-secrets-secret-0123456789abcdefghij";
        using var data = new TempDirectory("coffer-console-secrets-");
        var secrets = new List<(string What, string Value)> { ("root secret key", rootSecret) };
        using (var process = await ServerProcess.StartAsync(data.Path, rootKey, rootSecret, arguments: ["--log-format", format]))
        {
            using var root = ProcessServerClients.Create(process.Endpoint, rootKey, rootSecret);
            await root.PutBucketAsync("presigned");
            await root.PutObjectAsync(new PutObjectRequest { BucketName = "presigned", Key = "doc.txt", ContentBody = "logged" });
            using var sts = new Amazon.SecurityToken.AmazonSecurityTokenServiceClient(
                new BasicAWSCredentials(rootKey, rootSecret),
                new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig { ServiceURL = process.Endpoint.ToString(), AuthenticationRegion = CofferServer.Region });
            var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
            secrets.Add(("session secret key", session.SecretAccessKey));
            secrets.Add(("session token", session.SessionToken));
            using var sessionS3 = new AmazonS3Client(session, new AmazonS3Config
            {
                ServiceURL = process.Endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = CofferServer.Region,
            });

            var url = Presign(sessionS3, "presigned", "doc.txt");
            secrets.Add(("presigned URL signature", QueryValue(url, "X-Amz-Signature")));
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
            var forged = url.Replace("X-Amz-Signature=", "X-Amz-Signature=0", StringComparison.Ordinal)[..^1];
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(forged)).StatusCode);
            Assert.Equal(0, await process.TerminateAsync(TimeSpan.FromSeconds(20)));

            var output = process.Output;
            Assert.Contains("Refused with SignatureDoesNotMatch", output, StringComparison.Ordinal);
            Assert.Contains($"principal={session.AccessKeyId}", output, StringComparison.Ordinal); // the presigned GET's access line
            foreach (var (what, value) in secrets)
            {
                // JSON strings escape some characters ('+' as \u002B), so that spelling is looked for too.
                foreach (var form in new[] { value, Uri.EscapeDataString(value), JsonEncodedText.Encode(value).ToString() }.Distinct())
                {
                    var at = output.IndexOf(form, StringComparison.Ordinal);
                    Assert.True(at < 0, $"the {format} console output shows the {what}: …{output[Math.Max(0, at - 200)..Math.Min(output.Length, at + 100)]}…");
                }
            }
        }
    }

    [Fact]
    public async Task GeneratedRootSecret_IsNotPrinted_WhenTheOutputIsNotATerminal()
    {
        using var data = new TempDirectory("coffer-banner-");
        using var process = await ServerProcess.StartAsync(data.Path, accessKey: null, secretKey: null);

        using var stored = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data.Path, "root-credentials.json")));
        var secret = stored.RootElement.GetProperty("SecretAccessKey").GetString()!;
        var keyId = stored.RootElement.GetProperty("AccessKeyId").GetString()!;
        // The banner's last lines follow the one ServerProcess waits for.
        for (var wait = 0; wait < 100 && !process.Output.Contains("SecretAccessKey:", StringComparison.Ordinal); wait++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(keyId, process.Output, StringComparison.Ordinal);
        Assert.Contains("not shown", process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, process.Output, StringComparison.Ordinal);
    }

    private static string Presign(AmazonS3Client client, string bucket, string key) => client.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = bucket,
        Key = key,
        Verb = HttpVerb.GET,
        Expires = DateTime.UtcNow.AddMinutes(5),
        Protocol = Protocol.HTTP,
    });

    private static string QueryValue(string url, string name) =>
        Uri.UnescapeDataString(new Uri(url).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == name)[1]);

    /// <summary>A GET whose target is written byte for byte, even bytes HTTP does not allow there.</summary>
    private async Task<string> SendRawTargetAsync(string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }
}
