using System.Net;
using System.Text;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// ACLs and object ownership controls through AWSSDK.S3, and what they open to requests without
/// credentials (raw HttpClient, as curl or a browser would send them).
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class AclTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";

    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly HttpClient _anonymous = server.CreateHttpClient();
    private readonly AwsCli _aws = new(server);

    public void Dispose()
    {
        _s3.Dispose();
        _anonymous.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task GetObject_OfPublicReadObject_WithoutCredentials_ReturnsObject()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "media/cat.jpg", ContentBody = "meow", CannedACL = S3CannedACL.PublicRead });

        using var response = await _anonymous.GetAsync($"/{bucket}/media/cat.jpg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("meow", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/{bucket}/media/cat.jpg"))).StatusCode);
    }

    [Fact]
    public async Task GetObject_OfPrivateObject_WithoutCredentials_IsAccessDeniedXml()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "secret", ContentBody = "x" });

        using var response = await _anonymous.GetAsync($"/{bucket}/secret");

        await AssertAccessDeniedAsync(response);
    }

    [Fact]
    public async Task GetObject_OfMissingKey_WithoutCredentials_IsAccessDeniedUnlessTheBucketIsListable()
    {
        var bucket = await NewBucketAsync();

        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/missing"));
        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}?list-type=2"));

        await _s3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.PublicRead });

        Assert.Equal(HttpStatusCode.NotFound, (await _anonymous.GetAsync($"/{bucket}/missing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync($"/{bucket}?list-type=2")).StatusCode);
    }

    [Fact]
    public async Task GetObject_InMissingBucket_WithoutCredentials_IsNoSuchBucket()
    {
        using var response = await _anonymous.GetAsync($"/{CofferServer.UniqueBucket("gone")}/k");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<Code>NoSuchBucket</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutObject_InPublicReadWriteBucket_WithoutCredentials_IsStoredAndDeletable()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.PublicReadWrite });

        var put = await _anonymous.PutAsync($"/{bucket}/drop", new StringContent("anonymous"));
        var delete = await _anonymous.DeleteAsync($"/{bucket}/drop");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(bucket, "drop"));
    }

    [Fact]
    public async Task PutACLThenGetACL_Object_RoundTripsGrantsAndOwner()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        var before = await _s3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "k" });
        var owner = before.Owner;

        await _s3.PutObjectAclAsync(new PutObjectAclRequest
        {
            BucketName = bucket,
            Key = "k",
            AccessControlPolicy = new S3AccessControlList
            {
                Owner = owner,
                Grants =
                [
                    new S3Grant { Grantee = new S3Grantee { CanonicalUser = owner.Id }, Permission = S3Permission.FULL_CONTROL },
                    new S3Grant { Grantee = new S3Grantee { URI = AllUsers }, Permission = S3Permission.READ },
                ],
            },
        });
        var after = await _s3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "k" });

        Assert.Equal(64, owner.Id.Length);
        Assert.Equal([("FULL_CONTROL", owner.Id)], before.Grants.Select(g => (g.Permission.Value, g.Grantee.CanonicalUser)));
        Assert.Equal(
            [("READ", AllUsers), ("FULL_CONTROL", owner.Id)],
            after.Grants.Select(g => (g.Permission.Value, g.Grantee.CanonicalUser ?? g.Grantee.URI)));
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync($"/{bucket}/k")).StatusCode);
    }

    [Fact]
    public async Task PutACL_GrantToUnknownCanonicalId_IsInvalidArgumentAndChangesNothing()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAclAsync(new PutObjectAclRequest
        {
            BucketName = bucket,
            Key = "k",
            AccessControlPolicy = new S3AccessControlList
            {
                Grants = [new S3Grant { Grantee = new S3Grantee { CanonicalUser = new string('a', 64) }, Permission = S3Permission.READ }],
            },
        }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Single((await _s3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "k" })).Grants);
    }

    [Fact]
    public async Task PutObjectAcl_BodyAndCannedHeaderTogether_IsRefused()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        var body = "<AccessControlPolicy><AccessControlList/></AccessControlPolicy>";
        var request = new HttpRequestMessage(HttpMethod.Put, $"/{bucket}/k?acl") { Content = new StringContent(body, Encoding.UTF8, "application/xml") };
        request.Headers.Add("x-amz-acl", "public-read");

        // Unsigned, on an object whose ACL the anonymous caller may not write: the refusal comes
        // first from authorization. Signed, through the SDK's raw path, S3 answers UnexpectedContent.
        Assert.Equal(HttpStatusCode.Forbidden, (await _anonymous.SendAsync(request)).StatusCode);
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAclAsync(new PutObjectAclRequest
        {
            BucketName = bucket,
            Key = "k",
            ACL = S3CannedACL.PublicRead,
            AccessControlPolicy = new S3AccessControlList { Grants = [] },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task CannedAcl_OnCopyInitiateAndPutBucket_IsTheRequestsAcl()
    {
        var bucket = CofferServer.UniqueBucket("acl");
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.PublicRead });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "public", ContentBody = "p", CannedACL = S3CannedACL.PublicRead });

        await _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "public", DestinationBucket = bucket, DestinationKey = "copy" });
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "public",
            DestinationBucket = bucket,
            DestinationKey = "copy-public",
            CannedACL = S3CannedACL.PublicRead,
        });
        var upload = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "multi", CannedACL = S3CannedACL.PublicRead });
        var part = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "multi",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream("part"u8.ToArray()),
        });
        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "multi",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });

        Assert.Contains((await _s3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket })).Grants, g => g.Grantee.URI == AllUsers);
        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/copy"));
        Assert.Equal("p", await _anonymous.GetStringAsync($"/{bucket}/copy-public"));
        Assert.Equal("part", await _anonymous.GetStringAsync($"/{bucket}/multi"));
    }

    [Fact]
    public async Task OwnershipControls_BucketOwnerEnforced_RefusesAclsAndShowsOwnerFullControl()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "was-public", ContentBody = "x", CannedACL = S3CannedACL.PublicRead });

        await _s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
        {
            BucketName = bucket,
            OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.BucketOwnerEnforced }] },
        });
        var controls = await _s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket });
        var putObject = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "x",
            CannedACL = S3CannedACL.PublicRead,
        }));
        var putBucketAcl = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.PublicRead }));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x", CannedACL = S3CannedACL.BucketOwnerFullControl });
        var acl = await _s3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "was-public" });

        Assert.Equal(ObjectOwnership.BucketOwnerEnforced, controls.OwnershipControls.Rules.Single().ObjectOwnership);
        Assert.Equal(("AccessControlListNotSupported", HttpStatusCode.BadRequest), (putObject.ErrorCode, putObject.StatusCode));
        Assert.Equal("AccessControlListNotSupported", putBucketAcl.ErrorCode);
        Assert.Equal([S3Permission.FULL_CONTROL], acl.Grants.Select(g => g.Permission));
        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/was-public"));
    }

    [Fact]
    public async Task OwnershipControls_WithoutAny_IsOwnershipControlsNotFoundErrorAndDeleteRemovesThem()
    {
        var bucket = await NewBucketAsync();

        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket }));
        await _s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
        {
            BucketName = bucket,
            OwnershipControls = new OwnershipControls { Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.BucketOwnerPreferred }] },
        });
        await _s3.DeleteBucketOwnershipControlsAsync(new DeleteBucketOwnershipControlsRequest { BucketName = bucket });
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetBucketOwnershipControlsAsync(new GetBucketOwnershipControlsRequest { BucketName = bucket }));

        Assert.Equal(("OwnershipControlsNotFoundError", HttpStatusCode.NotFound), (missing.ErrorCode, missing.StatusCode));
        Assert.Equal("OwnershipControlsNotFoundError", gone.ErrorCode);
    }

    [Fact]
    public async Task CreateBucket_WithObjectOwnershipEnforcedAndPublicAcl_IsRefused()
    {
        var request = new PutBucketRequest { BucketName = CofferServer.UniqueBucket("acl"), ObjectOwnership = ObjectOwnership.BucketOwnerEnforced, CannedACL = S3CannedACL.PublicRead };

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketAsync(request));

        Assert.Equal("InvalidBucketAclWithObjectOwnership", error.ErrorCode);
        Assert.False(await Amazon.S3.Util.AmazonS3Util.DoesS3BucketExistV2Async(_s3, request.BucketName));
    }

    [Fact]
    public async Task IgnorePublicAcls_PublicReadObjectIsNoLongerReadableWithoutCredentials()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x", CannedACL = S3CannedACL.PublicRead });
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync($"/{bucket}/k")).StatusCode);

        await BlockAsync(bucket, blockPublicAcls: false, ignorePublicAcls: true);

        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/k"));
    }

    [Fact]
    public async Task BlockPublicAcls_PublicAclOnObjectOrBucket_IsAccessDeniedAndPrivateStillWorks()
    {
        var bucket = await NewBucketAsync();
        await BlockAsync(bucket, blockPublicAcls: true, ignorePublicAcls: false);

        var putObject = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ContentBody = "x",
            CannedACL = S3CannedACL.PublicRead,
        }));
        var putBucketAcl = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.AuthenticatedRead }));
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x", CannedACL = S3CannedACL.Private });

        Assert.Equal(("AccessDenied", HttpStatusCode.Forbidden), (putObject.ErrorCode, putObject.StatusCode));
        Assert.Equal("AccessDenied", putBucketAcl.ErrorCode);
        Assert.Equal([S3Permission.FULL_CONTROL], (await _s3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket })).Grants.Select(g => g.Permission));
    }

    [Fact]
    public async Task BucketPolicyDeny_OverridesAPublicReadAcl()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x", CannedACL = S3CannedACL.PublicRead });

        await _s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"," +
                $"\"Resource\":\"arn:aws:s3:::{bucket}/*\"}}]}}",
        });

        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/k"));
    }

    [Fact]
    public async Task AwsCli_PutObjectAclPublicRead_ThenUnsignedGetReturnsTheObject()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "report.txt", ContentBody = "quarterly" });
        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/report.txt"));

        await _aws.RunCheckedAsync("s3api", "put-object-acl", "--bucket", bucket, "--key", "report.txt", "--acl", "public-read");
        var acl = await _aws.RunCheckedAsync("s3api", "get-object-acl", "--bucket", bucket, "--key", "report.txt");

        Assert.Contains(AllUsers, acl, StringComparison.Ordinal);
        Assert.Equal("quarterly", await _anonymous.GetStringAsync($"/{bucket}/report.txt"));
    }

    private static async Task AssertAccessDeniedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<PutPublicAccessBlockResponse> BlockAsync(string bucket, bool blockPublicAcls, bool ignorePublicAcls) =>
        _s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
            {
                BlockPublicAcls = blockPublicAcls,
                IgnorePublicAcls = ignorePublicAcls,
                BlockPublicPolicy = false,
                RestrictPublicBuckets = false,
            },
        });

    private async Task<string> NewBucketAsync()
    {
        var bucket = CofferServer.UniqueBucket("acl");
        await _s3.PutBucketAsync(bucket);
        return bucket;
    }
}
