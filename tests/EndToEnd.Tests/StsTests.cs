using System.Net;
using System.Text.Json;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Temporary credentials from STS on Coffer's endpoint, through AWSSDK.SecurityToken and the aws
/// CLI, then used with AWSSDK.S3: a role's permissions, narrowed by a session policy, until the
/// credentials expire.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class StsTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _root = server.CreateClient();
    private readonly IamUsers _users = new(server);
    private readonly AwsCli _rootCli = new(server);

    public void Dispose()
    {
        server.Clock.Offset = TimeSpan.Zero;
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AssumeRole_ByTrustedUser_GivesTheRolesPermissionsAndIdentity()
    {
        var (bucket, user, role) = await BucketUserAndReaderRoleAsync("reader");
        using var sts = server.CreateStsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "nightly", DurationSeconds = 900 });
        using var s3 = server.CreateClient(assumed.Credentials);
        using var sessionSts = server.CreateStsClient(assumed.Credentials);

        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:sts::{server.AccountId}:assumed-role/reader/nightly", assumed.AssumedRoleUser.Arn);
        Assert.InRange(assumed.Credentials.Expiration!.Value, DateTime.UtcNow.AddSeconds(800), DateTime.UtcNow.AddSeconds(1000));
        Assert.Equal(assumed.AssumedRoleUser.Arn, (await sessionSts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        using (var read = await s3.GetObjectAsync(bucket, "a/report.txt"))
        {
            Assert.Equal("a", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        }

        var write = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "x", ContentBody = "x" }));
        Assert.Equal("AccessDenied", write.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_WithSessionPolicy_IsLimitedToWhatBothAllow()
    {
        var (bucket, user, role) = await BucketUserAndReaderRoleAsync("narrowed");
        using var sts = server.CreateStsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role,
            RoleSessionName = "only-a",
            Policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::{{bucket}}/a/*"}]}""",
        });
        using var s3 = server.CreateClient(assumed.Credentials);

        using (await s3.GetObjectAsync(bucket, "a/report.txt"))
        {
        }

        var outside = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "b/other.txt"));
        var notInRole = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/new", ContentBody = "x" }));
        Assert.Equal("AccessDenied", outside.ErrorCode);
        Assert.Equal("AccessDenied", notInRole.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_NotTrustedOrMissingRole_IsAccessDenied()
    {
        var (_, _, role) = await BucketUserAndReaderRoleAsync("guarded");
        var stranger = await _users.CreateAsync("stranger", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""");
        using var sts = server.CreateStsClient(new BasicAWSCredentials(stranger.AccessKeyId, stranger.SecretAccessKey));

        var untrusted = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(
            () => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "try" }));
        var missing = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(
            () => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{server.AccountId}:role/nope", RoleSessionName = "try" }));

        Assert.Equal(("AccessDenied", HttpStatusCode.Forbidden), (untrusted.ErrorCode, untrusted.StatusCode));
        Assert.Equal(("AccessDenied", HttpStatusCode.Forbidden), (missing.ErrorCode, missing.StatusCode));
    }

    [Fact]
    public async Task SessionCredentials_AfterExpiry_AreRefusedWithExpiredToken()
    {
        var (bucket, user, role) = await BucketUserAndReaderRoleAsync("expiring");
        using var sts = server.CreateStsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        // The server issues the 15-minute session 10 minutes in its past, and then lives 6 minutes
        // ahead: both within the 15 minutes of clock skew signatures allow, yet 1 minute past expiry.
        server.Clock.Offset = TimeSpan.FromMinutes(-10);
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "short", DurationSeconds = 900 });
        server.Clock.Offset = TimeSpan.FromMinutes(6);
        using var s3 = server.CreateClient(assumed.Credentials);

        var expired = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "a/report.txt"));
        Assert.Equal(("ExpiredToken", HttpStatusCode.BadRequest), (expired.ErrorCode, expired.StatusCode));
    }

    [Fact]
    public async Task SessionToken_Altered_IsRefusedWithInvalidToken()
    {
        var (bucket, user, role) = await BucketUserAndReaderRoleAsync("altered");
        using var sts = server.CreateStsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));
        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "s1" });
        var token = assumed.Credentials.SessionToken.ToCharArray();
        token[20] = token[20] == 'A' ? 'B' : 'A';
        using var s3 = server.CreateClient(new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, new string(token)));

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "a/report.txt"));
        Assert.Equal(("InvalidToken", HttpStatusCode.BadRequest), (refused.ErrorCode, refused.StatusCode));
    }

    [Fact]
    public async Task GetSessionToken_ActsAsTheUser_AndCannotBeCalledWithSessionCredentials()
    {
        var bucket = await SeededBucketAsync("session");
        var user = await _users.CreateAsync("session-user", IamUsers.AllowOnBucket(bucket, "s3:ListBucket"));
        using var sts = server.CreateStsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var session = await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 });
        using var s3 = server.CreateClient(session.Credentials);
        using var sessionSts = server.CreateStsClient(session.Credentials);

        Assert.Equal(2, (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).KeyCount);
        Assert.Equal($"arn:aws:iam::{server.AccountId}:user/session-user", (await sessionSts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        var again = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sessionSts.GetSessionTokenAsync(new GetSessionTokenRequest()));
        Assert.Equal("AccessDenied", again.ErrorCode);
    }

    [Fact]
    public async Task AwsCliAssumeRole_CredentialsWorkWithAwsS3()
    {
        var (bucket, user, role) = await BucketUserAndReaderRoleAsync("cli");
        var userCli = new AwsCli(server, user.AccessKeyId, user.SecretAccessKey);

        using var assumed = JsonDocument.Parse(await userCli.RunCheckedAsync(
            "sts", "assume-role", "--role-arn", role, "--role-session-name", "cli-session", "--duration-seconds", "900"));
        var credentials = assumed.RootElement.GetProperty("Credentials");
        var sessionCli = new AwsCli(
            server,
            credentials.GetProperty("AccessKeyId").GetString(),
            credentials.GetProperty("SecretAccessKey").GetString(),
            credentials.GetProperty("SessionToken").GetString());

        var listing = await sessionCli.RunCheckedAsync("s3", "ls", "--recursive", $"s3://{bucket}/");
        Assert.Contains("a/report.txt", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DurationSeconds_BeyondTheRolesMaximumSession_IsValidationError()
    {
        var (_, user, role) = await BucketUserAndReaderRoleAsync("durations");
        using var sts = server.CreateStsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var tooLong = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(
            () => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "s1", DurationSeconds = 7200 }));

        Assert.Equal("ValidationError", tooLong.ErrorCode);
    }

    /// <summary>A bucket with a/report.txt and b/other.txt; a user; a read-only role on the bucket that trusts that user.</summary>
    private async Task<(string Bucket, UserKey User, string RoleArn)> BucketUserAndReaderRoleAsync(string name)
    {
        var bucket = await SeededBucketAsync(name);
        var user = await _users.CreateAsync($"{name}-user", policyJson: null);
        using var role = JsonDocument.Parse(await _rootCli.RunCheckedAsync(
            "iam", "create-role", "--role-name", name, "--assume-role-policy-document",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{server.AccountId}}:user/{{name}}-user"},"Action":"sts:AssumeRole"}]}"""));
        await _rootCli.RunCheckedAsync(
            "iam", "put-role-policy", "--role-name", name, "--policy-name", "read", "--policy-document",
            IamUsers.AllowOnBucket(bucket, "s3:GetObject", "s3:ListBucket"));
        return (bucket, user, role.RootElement.GetProperty("Role").GetProperty("Arn").GetString()!);
    }

    private async Task<string> SeededBucketAsync(string hint)
    {
        var bucket = CofferServer.UniqueBucket(hint);
        await _root.PutBucketAsync(bucket);
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/report.txt", ContentBody = "a" });
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "b/other.txt", ContentBody = "b" });
        return bucket;
    }
}
