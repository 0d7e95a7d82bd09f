using System.Net;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The permission sets our users write for their applications, each given to an IAM user made
/// with `aws iam` and then exercised through the client those applications use: enough for the
/// whole job, and nothing beyond it.
/// </summary>
public class PermissionSetTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _root = server.CreateClient();
    private readonly IamUsers _users = new(server);

    public void Dispose()
    {
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task MediaLibrarySet_CanUploadReadListAndDelete_AndNothingElse()
    {
        var bucket = await NewBucketAsync("media");
        var other = await NewBucketAsync("other");
        var key = await _users.CreateAsync("media-app", IamUsers.AllowOnBucket(
            bucket, "s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:PutObjectAcl"));
        using var s3 = ClientFor(key);

        // The provider uploads public files with a public-read ACL, which needs s3:PutObjectAcl too.
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "uploads/cat.jpg",
            ContentBody = "meow",
            ContentType = "image/jpeg",
            CannedACL = S3CannedACL.PublicRead,
        });
        using (var anonymous = server.CreateHttpClient())
        {
            Assert.Equal("meow", await anonymous.GetStringAsync($"/{bucket}/uploads/cat.jpg"));
        }

        using (var transfer = new TransferUtility(s3))
        {
            // A large upload goes up in parts, as the provider's multipart path sends it.
            await transfer.UploadAsync(new TransferUtilityUploadRequest
            {
                BucketName = bucket,
                Key = "uploads/video.mp4",
                InputStream = new MemoryStream(new byte[11 * 1024 * 1024]),
                PartSize = 5 * 1024 * 1024,
            });
        }

        using var read = await s3.GetObjectAsync(bucket, "uploads/cat.jpg");
        Assert.Equal("meow", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "uploads/" });
        Assert.Equal(["uploads/cat.jpg", "uploads/video.mp4"], listing.S3Objects.Select(o => o.Key));
        await s3.DeleteObjectAsync(bucket, "uploads/cat.jpg");

        await AssertDeniedAsync(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = other, Key = "x", ContentBody = "x" }));
        await AssertDeniedAsync(() => s3.GetObjectAsync(other, "seed.txt"));
        await AssertDeniedAsync(() => s3.PutBucketAsync(CofferServer.UniqueBucket("new")));
        await AssertDeniedAsync(() => s3.DeleteBucketAsync(bucket));
        await AssertDeniedAsync(() => s3.ListBucketsAsync());
        await AssertDeniedAsync(() => s3.GetBucketPolicyAsync(bucket));
        await AssertDeniedAsync(() => s3.PutBucketPolicyAsync(bucket, IamUsers.AllowOnBucket(bucket, "s3:*")));
    }

    [Fact]
    public async Task StrapiProvider_WithTheMediaLibraryPermissionSet_UploadsServesAndDeletes()
    {
        await NodeProject.EnsureInstalledAsync();
        var bucket = await NewBucketAsync("strapi");
        var key = await _users.CreateAsync("strapi-media", IamUsers.AllowOnBucket(
            bucket, "s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:PutObjectAcl"));

        // @strapi/provider-upload-aws-s3 itself, signed as the user; the script fetches every url
        // unsigned and fails on any refused call, so the provider's whole job fits in the set.
        var run = await NodeScenario.RunAsync(server, "strapi-upload", bucket, key);

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Report;
        Assert.True(report.GetProperty("ok").GetBoolean(), run.ToString());
        var calls = report.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(
            ["PutObject", "CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload", "PutObject", "DeleteObject", "DeleteObject", "DeleteObject"],
            calls.Select(call => call.GetProperty("operation").GetString()));
        Assert.All(calls, call => Assert.InRange(call.GetProperty("status").GetInt32(), 200, 299));

        // Every write names its canned ACL, which is why the set needs s3:PutObjectAcl.
        Assert.Equal(
            ["public-read", "public-read", "private"],
            calls.Where(call => call.GetProperty("operation").GetString() is "PutObject" or "CreateMultipartUpload").Select(call => call.GetProperty("acl").GetString()));
        Assert.Equal(403, report.GetProperty("contract").GetProperty("unsignedStatus").GetInt32());

        // delete() removed every file it wrote, and nothing else.
        var left = await _root.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["seed.txt"], left.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task PutObject_WithAnAcl_NeedsPutObjectAclToo()
    {
        var bucket = await NewBucketAsync("aclneed");
        var key = await _users.CreateAsync("no-acl-writer", IamUsers.AllowOnBucket(bucket, "s3:PutObject", "s3:GetObject"));
        using var s3 = ClientFor(key);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "private.txt", ContentBody = "p" });
        await AssertDeniedAsync(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "public.txt",
            ContentBody = "p",
            CannedACL = S3CannedACL.PublicRead,
        }));

        await AssertDeniedAsync(() => _root.GetObjectMetadataAsync(bucket, "public.txt"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExportSet_CompletesAMultipartExport_ButMayNotAbortUploads()
    {
        var bucket = await NewBucketAsync("export");
        var key = await _users.CreateAsync("exporter", IamUsers.AllowOnBucket(
            bucket, "s3:DeleteObject", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:ListMultipartUploadParts"));
        using var s3 = ClientFor(key);

        var location = await s3.GetBucketLocationAsync(bucket);
        Assert.Equal(HttpStatusCode.OK, location.HttpStatusCode);

        // The export writes its file in parts, checks the parts it sent, then completes.
        var exportKey = "exports/2026-11-22/part-0001 (final).csv";
        var upload = await s3.InitiateMultipartUploadAsync(bucket, exportKey);
        var etags = new List<PartETag>();
        for (var part = 1; part <= 2; part++)
        {
            var uploaded = await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = exportKey,
                UploadId = upload.UploadId,
                PartNumber = part,
                InputStream = new MemoryStream(new byte[part == 1 ? 5 * 1024 * 1024 : 1024]),
            });
            etags.Add(new PartETag(part, uploaded.ETag));
        }

        var parts = await s3.ListPartsAsync(bucket, exportKey, upload.UploadId);
        Assert.Equal([1, 2], parts.Parts.Select(p => p.PartNumber ?? 0));
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = exportKey,
            UploadId = upload.UploadId,
            PartETags = etags,
        });

        var exported = await s3.GetObjectMetadataAsync(bucket, exportKey);
        Assert.Equal(5 * 1024 * 1024 + 1024, exported.ContentLength);
        Assert.Single((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "exports/" })).S3Objects);
        await s3.DeleteObjectAsync(bucket, exportKey);

        var abandoned = await s3.InitiateMultipartUploadAsync(bucket, "exports/abandoned.csv");
        await AssertDeniedAsync(() => s3.AbortMultipartUploadAsync(bucket, "exports/abandoned.csv", abandoned.UploadId));
        await AssertDeniedAsync(() => s3.ListMultipartUploadsAsync(bucket));
    }

    [Fact]
    public async Task HomeFolderPolicy_UserListsAndWritesOnlyUnderItsOwnName()
    {
        var bucket = await NewBucketAsync("shared");
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "home/bob/notes.txt", ContentBody = "bob's" });
        var key = await _users.CreateAsync("alice", $$$$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::{{{{bucket}}}}",
               "Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/","home/${aws:username}/*"]}}},
              {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],
               "Resource":"arn:aws:s3:::{{{{bucket}}}}/home/${aws:username}/*"}]}
            """);
        var alice = new AwsCli(server, key.AccessKeyId, key.SecretAccessKey);
        var file = Path.Combine(server.DataDirectory, "..", $"upload-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "alice's");

        try
        {
            await alice.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/home/alice/docs/a.txt");
            var own = await alice.RunCheckedAsync("s3", "ls", "--recursive", $"s3://{bucket}/home/alice/");
            var intoBob = await alice.RunAsync("s3", "cp", file, $"s3://{bucket}/home/bob/a.txt");
            var readBob = await alice.RunAsync("s3", "cp", $"s3://{bucket}/home/bob/notes.txt", "-");
            var listBob = await alice.RunAsync("s3", "ls", $"s3://{bucket}/home/bob/");
            var listAll = await alice.RunAsync("s3", "ls", $"s3://{bucket}/");

            Assert.Contains("home/alice/docs/a.txt", own, StringComparison.Ordinal);
            foreach (var refused in new[] { intoBob, readBob, listBob, listAll })
            {
                // A refused HEAD (which `cp` sends first) has no body, so the CLI shows only its 403.
                Assert.NotEqual(0, refused.ExitCode);
                Assert.Matches("AccessDenied|\\(403\\)", refused.Error + refused.Output);
            }

            using var stored = await _root.GetObjectAsync(bucket, "home/bob/notes.txt");
            Assert.Equal("bob's", await new StreamReader(stored.ResponseStream).ReadToEndAsync());
            await AssertDeniedAsync(() => _root.GetObjectMetadataAsync(bucket, "home/bob/a.txt"), HttpStatusCode.NotFound);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task DeleteObjects_ByUserAllowedOnOnePrefix_DeletesThoseKeysAndReportsAccessDeniedForTheRest()
    {
        var bucket = await NewBucketAsync("batch");
        foreach (var name in new[] { "tmp/a", "tmp/b", "keep/c" })
        {
            await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = name, ContentBody = name });
        }

        var key = await _users.CreateAsync("cleaner", $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{{bucket}}/tmp/*"}]}
            """);
        using var s3 = ClientFor(key);

        // The SDK throws when any key failed; the response rides along.
        var partial = await Assert.ThrowsAsync<DeleteObjectsException>(() => s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "tmp/a" }, new KeyVersion { Key = "tmp/b" }, new KeyVersion { Key = "keep/c" }],
        }));
        var result = partial.Response;

        Assert.Equal(["tmp/a", "tmp/b"], result.DeletedObjects.Select(d => d.Key).Order());
        var error = Assert.Single(result.DeleteErrors);
        Assert.Equal(("keep/c", "AccessDenied"), (error.Key, error.Code));
        var left = await _root.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["keep/c", "seed.txt"], left.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task BucketPolicy_DenyOverridesTheUsersAllow_AndAnAllowNamingTheUserIsEnoughAlone()
    {
        var bucket = await NewBucketAsync("policy");
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "secret/a", ContentBody = "s" });
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "open/b", ContentBody = "o" });
        var writer = await _users.CreateAsync("policy-writer", IamUsers.AllowOnBucket(bucket, "s3:GetObject"));
        var reader = await _users.CreateAsync("policy-reader", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}""");
        await _root.PutBucketPolicyAsync(bucket, $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::{{server.AccountId}}:user/policy-writer"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/secret/*"},
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{server.AccountId}}:user/policy-reader"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/open/*"}]}
            """);
        using var writerClient = ClientFor(writer);
        using var readerClient = ClientFor(reader);

        await AssertDeniedAsync(() => writerClient.GetObjectAsync(bucket, "secret/a"));
        using (var open = await writerClient.GetObjectAsync(bucket, "open/b"))
        {
            Assert.Equal(HttpStatusCode.OK, open.HttpStatusCode);
        }

        using (var granted = await readerClient.GetObjectAsync(bucket, "open/b"))
        {
            Assert.Equal("o", await new StreamReader(granted.ResponseStream).ReadToEndAsync());
        }

        await AssertDeniedAsync(() => readerClient.GetObjectAsync(bucket, "secret/a"));
    }

    [Fact]
    public async Task UserWithoutPolicies_ReadsWhatAPublicOrAuthenticatedReadAclOpens_AndNothingElse()
    {
        var bucket = await NewBucketAsync("acls");
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "public.txt", ContentBody = "all", CannedACL = S3CannedACL.PublicRead });
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "members.txt", ContentBody = "signed", CannedACL = S3CannedACL.AuthenticatedRead });
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "private.txt", ContentBody = "owner" });
        var key = await _users.CreateAsync("no-policy", policyJson: null);
        using var s3 = ClientFor(key);

        using (var open = await s3.GetObjectAsync(bucket, "public.txt"))
        using (var members = await s3.GetObjectAsync(bucket, "members.txt"))
        {
            Assert.Equal("all", await new StreamReader(open.ResponseStream).ReadToEndAsync());
            Assert.Equal("signed", await new StreamReader(members.ResponseStream).ReadToEndAsync());
        }

        // The owner's full-control grant is the account's, not its users'.
        await AssertDeniedAsync(() => s3.GetObjectAsync(bucket, "private.txt"));
        await AssertDeniedAsync(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "x", ContentBody = "x" }));
    }

    [Fact]
    public async Task InactiveOrDeletedKey_IsRefusedAsUnknown()
    {
        var bucket = await NewBucketAsync("keys");
        var key = await _users.CreateAsync("rotating", IamUsers.AllowOnBucket(bucket, "s3:ListBucket"));
        using var s3 = ClientFor(key);
        await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        var root = new AwsCli(server);

        await root.RunCheckedAsync("iam", "update-access-key", "--user-name", "rotating", "--access-key-id", key.AccessKeyId, "--status", "Inactive");
        var inactive = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));
        await root.RunCheckedAsync("iam", "delete-access-key", "--user-name", "rotating", "--access-key-id", key.AccessKeyId);
        var deleted = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));

        Assert.Equal(("InvalidAccessKeyId", HttpStatusCode.Forbidden), (inactive.ErrorCode, inactive.StatusCode));
        Assert.Equal(("InvalidAccessKeyId", HttpStatusCode.Forbidden), (deleted.ErrorCode, deleted.StatusCode));
    }

    // Keys, identity policies and bucket settings are cached for a few seconds; a change made
    // through this server must still apply to the very next request. Each test below first makes
    // the request succeed (which fills the caches), then revokes, then expects 403 at once.

    [Fact]
    public async Task GetObject_AfterDenyBucketPolicyIsPut_IsRefusedAtOnce_AndAllowedAgainOnceItIsDeleted()
    {
        var bucket = await NewBucketAsync("deny");
        var key = await _users.CreateAsync("deny-reader", IamUsers.AllowOnBucket(bucket, "s3:GetObject"));
        using var s3 = ClientFor(key);
        await ReadSeedAsync(s3, bucket);

        await _root.PutBucketPolicyAsync(bucket, $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}
            """);
        await AssertDeniedAsync(() => ReadSeedAsync(s3, bucket));

        await _root.DeleteBucketPolicyAsync(bucket);
        await ReadSeedAsync(s3, bucket);
    }

    [Fact]
    public async Task GetObject_AfterTheUsersPolicyIsDeleted_IsRefusedAtOnce()
    {
        var bucket = await NewBucketAsync("unpolicy");
        var key = await _users.CreateAsync("unpolicied-reader", IamUsers.AllowOnBucket(bucket, "s3:GetObject"));
        using var s3 = ClientFor(key);
        await ReadSeedAsync(s3, bucket);

        await new AwsCli(server).RunCheckedAsync("iam", "delete-user-policy", "--user-name", "unpolicied-reader", "--policy-name", "access");

        await AssertDeniedAsync(() => ReadSeedAsync(s3, bucket));
    }

    [Fact]
    public async Task AnonymousGetObject_AfterPublicAccessIsBlocked_IsRefusedAtOnce()
    {
        var bucket = await NewBucketAsync("public");
        using var anonymous = await MakePublicAsync(bucket);

        await _root.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration { RestrictPublicBuckets = true },
        });

        using var refused = await anonymous.GetAsync($"/{bucket}/seed.txt");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task AnonymousGetObject_InABucketDeletedAndMadeAgain_DoesNotInheritItsPublicPolicy()
    {
        var bucket = await NewBucketAsync("reborn");
        using var anonymous = await MakePublicAsync(bucket);

        await _root.DeleteObjectAsync(bucket, "seed.txt");
        await _root.DeleteBucketAsync(bucket);
        await _root.PutBucketAsync(bucket);
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "seed.txt", ContentBody = "private" });

        using var refused = await anonymous.GetAsync($"/{bucket}/seed.txt");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private AmazonS3Client ClientFor(UserKey key) => server.CreateClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));

    private async Task<string> NewBucketAsync(string hint)
    {
        var bucket = CofferServer.UniqueBucket(hint);
        await _root.PutBucketAsync(bucket);
        await _root.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "seed.txt", ContentBody = "seed" });
        return bucket;
    }

    private static async Task ReadSeedAsync(AmazonS3Client s3, string bucket)
    {
        using var read = await s3.GetObjectAsync(bucket, "seed.txt");
        Assert.Equal("seed", await new StreamReader(read.ResponseStream).ReadToEndAsync());
    }

    /// <summary>Opens the bucket's objects to everyone by policy; returns an unsigned client that has read one.</summary>
    private async Task<HttpClient> MakePublicAsync(string bucket)
    {
        await _root.PutBucketPolicyAsync(bucket, $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}
            """);
        var anonymous = server.CreateHttpClient();
        Assert.Equal("seed", await anonymous.GetStringAsync($"/{bucket}/seed.txt"));
        return anonymous;
    }

    private static async Task AssertDeniedAsync(Func<Task> call, HttpStatusCode status = HttpStatusCode.Forbidden)
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(call);
        Assert.Equal(status, error.StatusCode);
        if (status == HttpStatusCode.Forbidden)
        {
            Assert.Equal("AccessDenied", error.ErrorCode);
        }
    }
}
