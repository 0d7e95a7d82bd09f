using System.Net;
using System.Text.Json;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Object lock as S3 clients use it: a bucket created with lock, its default retention given to each new version,
/// retention and legal holds set per version, and deletes of a protected version refused with 403 AccessDenied
/// while the version stays. A delete without a version id only adds a delete marker, which lock never stops.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class ObjectLockTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly AwsCli _aws = new(server);
    private readonly IamUsers _users = new(server);

    public void Dispose()
    {
        _s3.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task PutObject_InBucketWithDefaultRetention_GetsTheDefaultRetention()
    {
        var bucket = await LockedBucketAsync("deflt", ObjectLockRetentionMode.Governance, days: 2);

        var version = await PutAsync(bucket, "report.pdf");

        var retention = await _s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = bucket, Key = "report.pdf", VersionId = version });
        Assert.Equal(ObjectLockRetentionMode.Governance, retention.Retention.Mode);
        var expected = DateTime.UtcNow.AddDays(2);
        Assert.InRange(retention.Retention.RetainUntilDate!.Value.ToUniversalTime(), expected.AddMinutes(-5), expected.AddMinutes(5));
    }

    [Fact]
    public async Task GetObjectLockConfiguration_AfterPut_AnswersTheRule()
    {
        var bucket = await LockedBucketAsync("conf", ObjectLockRetentionMode.Compliance, years: 3);

        var configuration = (await _s3.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = bucket })).ObjectLockConfiguration;

        Assert.Equal(ObjectLockEnabled.Enabled, configuration.ObjectLockEnabled);
        Assert.Equal(ObjectLockRetentionMode.Compliance, configuration.Rule.DefaultRetention.Mode);
        Assert.Equal(3, configuration.Rule.DefaultRetention.Years);
    }

    [Fact]
    public async Task GetObjectLockConfiguration_OnBucketWithoutLock_IsObjectLockConfigurationNotFoundError()
    {
        var bucket = CofferServer.UniqueBucket("nolock");
        await _s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = bucket }));

        Assert.Equal((HttpStatusCode.NotFound, "ObjectLockConfigurationNotFoundError"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task PutObjectLockConfiguration_OnBucketWithoutVersioning_IsInvalidBucketState()
    {
        var bucket = CofferServer.UniqueBucket("unver");
        await _s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectLockConfigurationAsync(new PutObjectLockConfigurationRequest
        {
            BucketName = bucket,
            ObjectLockConfiguration = new ObjectLockConfiguration { ObjectLockEnabled = ObjectLockEnabled.Enabled },
        }));

        Assert.Equal((HttpStatusCode.Conflict, "InvalidBucketState"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task PutBucketVersioning_SuspendingALockedBucket_IsInvalidBucketState()
    {
        var bucket = await LockedBucketAsync("susp");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Suspended },
        }));

        Assert.Equal((HttpStatusCode.Conflict, "InvalidBucketState"), (error.StatusCode, error.ErrorCode));
        Assert.Equal(VersionStatus.Enabled, (await _s3.GetBucketVersioningAsync(bucket)).VersioningConfig.Status);
    }

    [Fact]
    public async Task DeleteObject_VersionUnderDefaultGovernanceRetention_ReturnsAccessDeniedAndKeepsIt()
    {
        var bucket = await LockedBucketAsync("gov", ObjectLockRetentionMode.Governance, days: 1);
        var version = await PutAsync(bucket, "ledger.csv");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "ledger.csv", VersionId = version }));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));
        Assert.Equal("ledger.csv body", await ReadAsync(bucket, "ledger.csv", version));
    }

    [Fact]
    public async Task DeleteObject_VersionUnderComplianceRetention_ReturnsAccessDeniedAndKeepsIt()
    {
        var bucket = await LockedBucketAsync("comp");
        var version = await PutAsync(bucket, "audit.log", ObjectLockMode.Compliance, DateTime.UtcNow.AddDays(1));

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.DeleteObjectAsync(new DeleteObjectRequest
        {
            BucketName = bucket,
            Key = "audit.log",
            VersionId = version,
            BypassGovernanceRetention = true,
        }));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));
        Assert.Equal("audit.log body", await ReadAsync(bucket, "audit.log", version));
    }

    [Fact]
    public async Task DeleteObject_WithoutVersionIdOnLockedVersion_AddsADeleteMarkerAndKeepsTheVersion()
    {
        var bucket = await LockedBucketAsync("marker", ObjectLockRetentionMode.Compliance, days: 1);
        var version = await PutAsync(bucket, "kept.txt");

        await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "kept.txt" });

        var hidden = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "kept.txt"));
        Assert.Equal("NoSuchKey", hidden.ErrorCode);
        Assert.Equal("kept.txt body", await ReadAsync(bucket, "kept.txt", version));
    }

    [Fact]
    public async Task DeleteObject_GovernanceWithBypassByRoot_DeletesTheVersion()
    {
        var bucket = await LockedBucketAsync("bypass");
        var version = await PutAsync(bucket, "draft.txt", ObjectLockMode.Governance, DateTime.UtcNow.AddDays(1));

        await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "draft.txt", VersionId = version, BypassGovernanceRetention = true });

        var versions = (await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket })).Versions ?? [];
        Assert.DoesNotContain(versions, v => v.VersionId == version);
    }

    [Fact]
    public async Task DeleteObject_BypassByUserWithoutBypassPermission_ReturnsAccessDeniedAndKeepsIt()
    {
        var bucket = await LockedBucketAsync("nobyp");
        var version = await PutAsync(bucket, "draft.txt", ObjectLockMode.Governance, DateTime.UtcNow.AddDays(1));
        var key = await _users.CreateAsync("lock-deleter-" + Guid.NewGuid().ToString("N")[..8], IamUsers.AllowOnBucket(bucket, "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObject"));
        using var user = server.CreateClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            user.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "draft.txt", VersionId = version, BypassGovernanceRetention = true }));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("object lock", error.Message, StringComparison.Ordinal);
        Assert.Equal("draft.txt body", await ReadAsync(bucket, "draft.txt", version));
    }

    [Fact]
    public async Task DeleteObject_BypassByUserAllowedBypass_DeletesTheVersion()
    {
        var bucket = await LockedBucketAsync("byp");
        var version = await PutAsync(bucket, "draft.txt", ObjectLockMode.Governance, DateTime.UtcNow.AddDays(1));
        var key = await _users.CreateAsync(
            "lock-admin-" + Guid.NewGuid().ToString("N")[..8], IamUsers.AllowOnBucket(bucket, "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"));
        using var user = server.CreateClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));

        await user.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "draft.txt", VersionId = version, BypassGovernanceRetention = true });

        var versions = (await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket })).Versions ?? [];
        Assert.DoesNotContain(versions, v => v.VersionId == version);
    }

    [Fact]
    public async Task DeleteObjects_GovernanceVersion_IsAccessDeniedWithoutBypassAndDeletedWithIt()
    {
        var bucket = await LockedBucketAsync("multi");
        var version = await PutAsync(bucket, "batch.txt", ObjectLockMode.Governance, DateTime.UtcNow.AddDays(1));
        var request = new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "batch.txt", VersionId = version }] };

        var refused = await Assert.ThrowsAsync<DeleteObjectsException>(() => _s3.DeleteObjectsAsync(request));
        Assert.Equal("AccessDenied", Assert.Single(refused.Response.DeleteErrors).Code);
        Assert.Equal("batch.txt body", await ReadAsync(bucket, "batch.txt", version));

        request.BypassGovernanceRetention = true;
        var deleted = await _s3.DeleteObjectsAsync(request);
        Assert.Equal(version, Assert.Single(deleted.DeletedObjects).VersionId);
    }

    [Fact]
    public async Task DeleteObject_VersionUnderLegalHold_ReturnsAccessDeniedEvenWithBypass()
    {
        var bucket = await LockedBucketAsync("hold");
        var version = await PutAsync(bucket, "evidence.bin");
        await _s3.PutObjectLegalHoldAsync(new PutObjectLegalHoldRequest
        {
            BucketName = bucket,
            Key = "evidence.bin",
            VersionId = version,
            LegalHold = new ObjectLockLegalHold { Status = ObjectLockLegalHoldStatus.On },
        });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "evidence.bin", VersionId = version, BypassGovernanceRetention = true }));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));
        var hold = await _s3.GetObjectLegalHoldAsync(new GetObjectLegalHoldRequest { BucketName = bucket, Key = "evidence.bin", VersionId = version });
        Assert.Equal(ObjectLockLegalHoldStatus.On, hold.LegalHold.Status);

        await _s3.PutObjectLegalHoldAsync(new PutObjectLegalHoldRequest
        {
            BucketName = bucket,
            Key = "evidence.bin",
            VersionId = version,
            LegalHold = new ObjectLockLegalHold { Status = ObjectLockLegalHoldStatus.Off },
        });
        await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "evidence.bin", VersionId = version });
    }

    [Fact]
    public async Task PutObjectRetention_ShorteningCompliance_ReturnsAccessDeniedAndKeepsIt()
    {
        var bucket = await LockedBucketAsync("short");
        var until = DateTime.UtcNow.AddDays(10);
        var version = await PutAsync(bucket, "audit.log", ObjectLockMode.Compliance, until);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = bucket,
            Key = "audit.log",
            VersionId = version,
            BypassGovernanceRetention = true,
            Retention = new ObjectLockRetention { Mode = ObjectLockRetentionMode.Compliance, RetainUntilDate = DateTime.UtcNow.AddDays(1) },
        }));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));
        var kept = await _s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = bucket, Key = "audit.log", VersionId = version });
        Assert.InRange(kept.Retention.RetainUntilDate!.Value.ToUniversalTime(), until.AddSeconds(-1), until.AddSeconds(1));
    }

    [Fact]
    public async Task PutObjectRetention_LengtheningCompliance_IsStored()
    {
        var bucket = await LockedBucketAsync("longer");
        var version = await PutAsync(bucket, "audit.log", ObjectLockMode.Compliance, DateTime.UtcNow.AddDays(1));
        var later = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        await _s3.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = bucket,
            Key = "audit.log",
            Retention = new ObjectLockRetention { Mode = ObjectLockRetentionMode.Compliance, RetainUntilDate = later },
        });

        var stored = await _s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = bucket, Key = "audit.log", VersionId = version });
        Assert.Equal(later, stored.Retention.RetainUntilDate!.Value.ToUniversalTime());
    }

    [Fact]
    public async Task PutObjectRetention_ShorteningGovernance_NeedsTheBypass()
    {
        var bucket = await LockedBucketAsync("govshort");
        var version = await PutAsync(bucket, "draft.txt", ObjectLockMode.Governance, DateTime.UtcNow.AddDays(10));
        var shorter = new ObjectLockRetention { Mode = ObjectLockRetentionMode.Governance, RetainUntilDate = DateTime.UtcNow.AddDays(1) };

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.PutObjectRetentionAsync(new PutObjectRetentionRequest { BucketName = bucket, Key = "draft.txt", VersionId = version, Retention = shorter }));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));

        await _s3.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = bucket,
            Key = "draft.txt",
            VersionId = version,
            Retention = shorter,
            BypassGovernanceRetention = true,
        });
        var stored = await _s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = bucket, Key = "draft.txt", VersionId = version });
        Assert.True(stored.Retention.RetainUntilDate!.Value.ToUniversalTime() < DateTime.UtcNow.AddDays(2));
    }

    [Fact]
    public async Task PutObjectRetention_OnBucketWithoutLock_IsInvalidRequest()
    {
        var bucket = CofferServer.UniqueBucket("plain");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a.txt", ContentBody = "a" });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = bucket,
            Key = "a.txt",
            Retention = new ObjectLockRetention { Mode = ObjectLockRetentionMode.Governance, RetainUntilDate = DateTime.UtcNow.AddDays(1) },
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task GetObjectRetention_OnVersionWithoutRetention_IsNoSuchObjectLockConfiguration()
    {
        var bucket = await LockedBucketAsync("noret");
        await PutAsync(bucket, "free.txt");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = bucket, Key = "free.txt" }));

        Assert.Equal((HttpStatusCode.NotFound, "NoSuchObjectLockConfiguration"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task PutObjectLegalHold_WhenADeleteMarkerIsCurrent_IsNoSuchKey()
    {
        var bucket = await LockedBucketAsync("dm");
        await PutAsync(bucket, "gone.txt");
        await _s3.DeleteObjectAsync(bucket, "gone.txt");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            _s3.PutObjectLegalHoldAsync(new PutObjectLegalHoldRequest
            {
                BucketName = bucket,
                Key = "gone.txt",
                LegalHold = new ObjectLockLegalHold { Status = ObjectLockLegalHoldStatus.On },
            }));

        Assert.Equal((HttpStatusCode.NotFound, "NoSuchKey"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task PutObjectRetention_WithDateInThePast_IsInvalidArgument()
    {
        var bucket = await LockedBucketAsync("rpast");
        await PutAsync(bucket, "a.txt");

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectRetentionAsync(new PutObjectRetentionRequest
        {
            BucketName = bucket,
            Key = "a.txt",
            Retention = new ObjectLockRetention { Mode = ObjectLockRetentionMode.Governance, RetainUntilDate = DateTime.UtcNow.AddDays(-1) },
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task PutObject_WithLockHeadersInBucketWithoutLock_IsInvalidRequestAndStoresNothing()
    {
        var bucket = CofferServer.UniqueBucket("plainput");
        await _s3.PutBucketAsync(bucket);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "x.txt",
            ContentBody = "x",
            ObjectLockLegalHoldStatus = ObjectLockLegalHoldStatus.On,
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("ObjectLockConfiguration", error.Message, StringComparison.Ordinal);
        Assert.Empty((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    [Fact]
    public async Task PutObject_WithLockHeadersButNoContentMd5OrChecksum_IsInvalidRequest()
    {
        var bucket = await LockedBucketAsync("nomd5");
        using var plain = server.CreateClient(requestChecksums: false);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => plain.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "x.txt",
            ContentBody = "x",
            ObjectLockMode = ObjectLockMode.Governance,
            ObjectLockRetainUntilDate = DateTime.UtcNow.AddDays(1),
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
        Assert.Equal("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters", error.Message);
    }

    [Fact]
    public async Task PutObject_UnderDefaultRetentionWithoutContentMd5OrChecksum_IsInvalidRequestAndStoresNothing()
    {
        var bucket = await LockedBucketAsync("defmd5", ObjectLockRetentionMode.Governance, days: 1);
        using var plain = server.CreateClient(requestChecksums: false);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() =>
            plain.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "x.txt", ContentBody = "x" }));
        await plain.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "proven.txt", ContentBody = "p", MD5Digest = Md5Of("p") });

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
        Assert.Equal("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters", error.Message);
        Assert.Equal(["proven.txt"], (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task UploadPart_OfAnUploadWithLockWithoutContentMd5OrChecksum_IsInvalidRequestAndStoresNoPart()
    {
        var bucket = await LockedBucketAsync("partmd5");
        var created = await InitiateLockedAsync(bucket, "big.bin", ObjectLockMode.Governance);
        using var plain = server.CreateClient(requestChecksums: false);
        UploadPartRequest Part(int number) => new()
        {
            BucketName = bucket,
            Key = "big.bin",
            UploadId = created.UploadId,
            PartNumber = number,
            InputStream = new MemoryStream("part"u8.ToArray()),
        };

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => plain.UploadPartAsync(Part(1)));
        var withMd5 = Part(2);
        withMd5.MD5Digest = Md5Of("part");
        await plain.UploadPartAsync(withMd5);
        await _s3.UploadPartAsync(Part(3));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
        Assert.Equal("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Part requests with Object Lock parameters", error.Message);
        var parts = await _s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big.bin", UploadId = created.UploadId });
        Assert.Equal([2, 3], parts.Parts.Select(p => p.PartNumber ?? 0));
    }

    [Fact]
    public async Task UploadPart_UnderDefaultRetentionWithoutContentMd5OrChecksum_IsInvalidRequest()
    {
        var bucket = await LockedBucketAsync("defpart", ObjectLockRetentionMode.Governance, days: 1);
        var created = await _s3.InitiateMultipartUploadAsync(bucket, "big.bin");
        using var plain = server.CreateClient(requestChecksums: false);

        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => plain.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "big.bin",
            UploadId = created.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream("part"u8.ToArray()),
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("Put Part requests with Object Lock parameters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutObject_WithRetainUntilInThePast_IsInvalidArgument()
    {
        var bucket = await LockedBucketAsync("past");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "x.txt",
            ContentBody = "x",
            ObjectLockMode = ObjectLockMode.Governance,
            ObjectLockRetainUntilDate = DateTime.UtcNow.AddDays(-1),
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task HeadObject_OfLockedVersion_ShowsModeDateAndHold()
    {
        var bucket = await LockedBucketAsync("head");
        var until = new DateTime(2090, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "held.txt",
            ContentBody = "held",
            ObjectLockMode = ObjectLockMode.Governance,
            ObjectLockRetainUntilDate = until,
            ObjectLockLegalHoldStatus = ObjectLockLegalHoldStatus.On,
        });

        var head = await _s3.GetObjectMetadataAsync(bucket, "held.txt");

        Assert.Equal(ObjectLockMode.Governance, head.ObjectLockMode);
        Assert.Equal(until, head.ObjectLockRetainUntilDate!.Value.ToUniversalTime());
        Assert.Equal(ObjectLockLegalHoldStatus.On, head.ObjectLockLegalHoldStatus);
    }

    [Fact]
    public async Task CompleteMultipartUpload_WithLockFromCreate_ProtectsTheVersion()
    {
        var bucket = await LockedBucketAsync("mpu");
        var created = await InitiateLockedAsync(bucket, "big.bin", ObjectLockMode.Compliance);
        var part = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = "big.bin",
            UploadId = created.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream("part"u8.ToArray()),
        });
        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big.bin",
            UploadId = created.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });
        var version = await LatestVersionAsync(bucket, "big.bin");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "big.bin", VersionId = version }));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task CopyObject_WithLockHeaders_LocksTheCopyNotTheSource()
    {
        var bucket = await LockedBucketAsync("copy");
        await PutAsync(bucket, "source.txt");

        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "source.txt",
            DestinationBucket = bucket,
            DestinationKey = "copy.txt",
            ObjectLockLegalHoldStatus = ObjectLockLegalHoldStatus.On,
        });

        var copyHold = await _s3.GetObjectLegalHoldAsync(new GetObjectLegalHoldRequest { BucketName = bucket, Key = "copy.txt" });
        var sourceHold = await _s3.GetObjectLegalHoldAsync(new GetObjectLegalHoldRequest { BucketName = bucket, Key = "source.txt" });
        Assert.Equal(ObjectLockLegalHoldStatus.On, copyHold.LegalHold.Status);
        Assert.Equal(ObjectLockLegalHoldStatus.Off, sourceHold.LegalHold.Status);
    }

    [Fact]
    public async Task AwsCli_LockedBucketDefaultRetentionAndLegalHold_WorkAsInS3()
    {
        var bucket = CofferServer.UniqueBucket("clilock");
        await _aws.RunCheckedAsync("s3api", "create-bucket", "--bucket", bucket, "--object-lock-enabled-for-bucket");
        await _aws.RunCheckedAsync(
            "s3api", "put-object-lock-configuration", "--bucket", bucket,
            "--object-lock-configuration", """{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":1}}}""");
        using var local = new TempDirectory("coffer-lock-");
        var file = Path.Combine(local.Path, "doc.txt");
        await File.WriteAllTextAsync(file, "doc");

        using var put = JsonDocument.Parse(await _aws.RunCheckedAsync("s3api", "put-object", "--bucket", bucket, "--key", "doc.txt", "--body", file));
        var version = await LatestVersionAsync(bucket, "doc.txt");
        using var retention = JsonDocument.Parse(await _aws.RunCheckedAsync(
            "s3api", "get-object-retention", "--bucket", bucket, "--key", "doc.txt", "--version-id", version));
        await _aws.RunCheckedAsync("s3api", "put-object-legal-hold", "--bucket", bucket, "--key", "doc.txt", "--legal-hold", "Status=ON");
        var refused = await _aws.RunAsync("s3api", "delete-object", "--bucket", bucket, "--key", "doc.txt", "--version-id", version, "--bypass-governance-retention");
        var suspend = await _aws.RunAsync("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Suspended");

        Assert.Equal("GOVERNANCE", retention.RootElement.GetProperty("Retention").GetProperty("Mode").GetString());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("AccessDenied", refused.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, suspend.ExitCode);
        Assert.Contains("InvalidBucketState", suspend.Error, StringComparison.Ordinal);
        Assert.Equal("doc", await ReadAsync(bucket, "doc.txt", version));
    }

    private async Task<string> LockedBucketAsync(string hint, ObjectLockRetentionMode? mode = null, int? days = null, int? years = null)
    {
        var bucket = CofferServer.UniqueBucket(hint);
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        if (mode is not null)
        {
            await _s3.PutObjectLockConfigurationAsync(new PutObjectLockConfigurationRequest
            {
                BucketName = bucket,
                ObjectLockConfiguration = new ObjectLockConfiguration
                {
                    ObjectLockEnabled = ObjectLockEnabled.Enabled,
                    Rule = new ObjectLockRule { DefaultRetention = new DefaultRetention { Mode = mode, Days = days, Years = years } },
                },
            });
        }

        return bucket;
    }

    /// <summary>Writes "{key} body" and returns the version id the write was given.</summary>
    private async Task<string> PutAsync(string bucket, string key, ObjectLockMode? mode = null, DateTime? until = null)
    {
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ContentBody = key + " body",
            ObjectLockMode = mode,
            ObjectLockRetainUntilDate = until,
        });
        return await LatestVersionAsync(bucket, key);
    }

    /// <summary>An upload whose object will be retained in the given mode for a day.</summary>
    private Task<InitiateMultipartUploadResponse> InitiateLockedAsync(string bucket, string key, ObjectLockMode mode) =>
        _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            ObjectLockMode = mode,
            ObjectLockRetainUntilDate = DateTime.UtcNow.AddDays(1),
        });

    private static string Md5Of(string content) => Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    private async Task<string> LatestVersionAsync(string bucket, string key)
    {
        var versions = (await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, Prefix = key })).Versions;
        return versions.Single(v => v.Key == key && v.IsLatest == true).VersionId;
    }

    private async Task<string> ReadAsync(string bucket, string key, string version)
    {
        using var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = version });
        return await new StreamReader(response.ResponseStream).ReadToEndAsync();
    }
}
