using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

using Kms = Amazon.KeyManagementService.Model;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The JavaScript clients our users run, with their default settings: @aws-sdk/client-s3 v3 (as in
/// Strapi's upload provider), lib-storage, the request presigner, the minio npm client and Strapi's
/// upload provider itself (also with its encryption option), and @aws-sdk/client-kms against the key service. Each
/// test runs one script from tests/clients/js/scenarios, which checks
/// every response itself.
/// </summary>
public class JavaScriptClientTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    public Task InitializeAsync() => NodeProject.EnsureInstalledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ClientS3_PutAndGetWithDefaultChecksums_RoundTripsBytesAndMetadata()
    {
        var bucket = CofferServer.UniqueBucket("js-put");

        var report = await RunAsync("s3-put-get", bucket);

        Assert.Equal(3 * MiB, report.GetProperty("size").GetInt32());
        Assert.False(string.IsNullOrEmpty(report.GetProperty("checksumCRC32").GetString()));
        Assert.Equal("text/plain; charset=utf-8", report.GetProperty("contentType").GetString());
        Assert.Equal("strapi", report.GetProperty("metadata").GetProperty("author").GetString());
        Assert.Equal("Hello.TXT", report.GetProperty("metadata").GetProperty("original-name").GetString());

        // What the JavaScript client wrote, the .NET SDK reads back byte for byte.
        Assert.Equal(report.GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, "uploads/photo.bin"));
        Assert.Equal(report.GetProperty("streamedSha256").GetString(), await Sha256OfAsync(bucket, "uploads/streamed.bin"));
    }

    [Fact]
    public async Task ClientS3_ListCopyAndDeleteObjects_MatchS3()
    {
        var report = await RunAsync("s3-list-copy-delete", CofferServer.UniqueBucket("js-list"));

        Assert.Equal(["docs/", "img/"], Strings(report.GetProperty("folders")));
        Assert.Equal(["readme.txt"], Strings(report.GetProperty("files")));
        Assert.Equal(6, report.GetProperty("deleted").GetInt32());
        Assert.Equal(0, report.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task ClientS3_PutIfNoneMatchTwice_SecondIsPreconditionFailed()
    {
        var report = await RunAsync("s3-conditional-put", CofferServer.UniqueBucket("js-cond"));

        Assert.Equal("PreconditionFailed", report.GetProperty("errorName").GetString());
        Assert.Equal(412, report.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task LibStorageUpload_OnePartStream_RoundTrips()
    {
        var bucket = CofferServer.UniqueBucket("js-upload");

        var report = await RunAsync("s3-upload", bucket);

        Assert.Equal(MiB, report.GetProperty("size").GetInt32());
        Assert.Equal(report.GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, "uploads/large_photo_0a1b2c.jpg"));
    }

    [Fact]
    public Task LibStorageUpload_SeventeenMiBStreamInFiveMiBParts_RoundTripsWithChecksumMode() =>
        AssertMultipartRoundTripAsync("s3-upload-multipart", "backups/2026-11-21 full.tar", 17 * MiB, parts: 4);

    [Fact]
    public async Task ClientS3_MultipartWithCrc32Parts_CompletesWithACompositeCrc32AndReadsBackWithChecksumMode()
    {
        var report = await AssertMultipartRoundTripAsync("s3-multipart-crc32", "exports/crc32 parts.csv", 6 * MiB, parts: 2);

        Assert.Equal("COMPOSITE", report.GetProperty("checksumType").GetString());
        Assert.EndsWith("-2", report.GetProperty("checksumCRC32").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientS3_MultipartCrc32FullObject_GetObjectValidatesTheWholeObjectCrc32()
    {
        var bucket = CofferServer.UniqueBucket("js-mp");
        var report = await AssertMultipartRoundTripAsync("s3-multipart-crc32-full-object", bucket, "exports/crc32 whole.csv", (11 * MiB) + 123, parts: 3);

        // What the JavaScript client checked, the .NET SDK is told too.
        using var s3 = server.CreateClient();
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "exports/crc32 whole.csv", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal("FULL_OBJECT", report.GetProperty("checksumType").GetString());
        Assert.Equal(report.GetProperty("checksumCRC32").GetString(), head.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, head.ChecksumType);
    }

    [Fact]
    public async Task RequestPresigner_PutThenGetWithFetch_RoundTrips()
    {
        var bucket = CofferServer.UniqueBucket("js-presign");

        var report = await RunAsync("s3-presigned", bucket);

        Assert.Equal(report.GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, "shared/report 2026 (final).pdf"));
    }

    [Fact]
    public async Task Minio_PutGetStatListRemove_RoundTrips()
    {
        var bucket = CofferServer.UniqueBucket("js-minio");

        var report = await RunAsync("minio-objects", bucket);

        Assert.Equal(["media/clip.bin", "media/streamed.bin"], Strings(report.GetProperty("listed")));
        Assert.Equal(["media/streamed.bin"], Strings(report.GetProperty("remaining")));
        Assert.Equal(report.GetProperty("streamedSha256").GetString(), await Sha256OfAsync(bucket, "media/streamed.bin"));
    }

    [Fact]
    public Task Minio_PutObjectStreamPastPartSize_GoesMultipartAndRoundTrips() =>
        AssertMultipartRoundTripAsync("minio-multipart", "archive/site backup.zip", (12 * MiB) + 345, parts: 3);

    [Fact]
    public async Task Minio_PresignedGetWithFetch_ReturnsObject()
    {
        var bucket = CofferServer.UniqueBucket("js-minio-pre");

        var report = await RunAsync("minio-presigned-get", bucket);

        Assert.Equal(report.GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, "share/invoice #7 (copy).pdf"));
    }

    [Fact]
    public async Task PresignedPost_BrowserFormWithFileNameKey_StoresTheFileAndRefusesOneOverTheLimit()
    {
        var bucket = CofferServer.UniqueBucket("js-post");

        var report = await RunAsync("s3-presigned-post", bucket);

        Assert.Equal((300 * 1024) + 7, report.GetProperty("size").GetInt32());
        Assert.Equal(report.GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, "avatars/me at the beach.png"));
        Assert.EndsWith($"/{bucket}/avatars/me%20at%20the%20beach.png", report.GetProperty("location").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, report.GetProperty("tooLargeStatus").GetInt32());
        Assert.Equal("EntityTooLarge", report.GetProperty("tooLargeCode").GetString());
        Assert.False(report.GetProperty("tooLargeStored").GetBoolean());
    }

    [Fact]
    public async Task StrapiProvider_WithTagsOption_TagsEveryUpload()
    {
        var bucket = CofferServer.UniqueBucket("js-strapi-tags");

        var report = await RunAsync("strapi-upload-tags", bucket);

        // The tags went out once per object, as x-amz-tagging on the write that starts it.
        Assert.Equal(
            [("PutObject", true), ("CreateMultipartUpload", true), ("UploadPart", false), ("UploadPart", false), ("UploadPart", false), ("CompleteMultipartUpload", false)],
            report.GetProperty("calls").EnumerateArray().Select(call =>
                (call.GetProperty("operation").GetString(), call.GetProperty("headers").GetProperty("x-amz-tagging").ValueKind == JsonValueKind.String)));

        // What the scenario read with the JavaScript client, the .NET SDK reads too, with the same tags on both
        // the single-part and the multipart object.
        var configured = report.GetProperty("tags").EnumerateObject().Select(tag => $"{tag.Name}={tag.Value.GetString()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(6, configured.Count);
        using var s3 = server.CreateClient();
        foreach (var file in new[] { "logo", "trailer" })
        {
            var key = report.GetProperty(file).GetProperty("key").GetString()!;
            var tagging = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key });
            Assert.Equal(configured, tagging.Tagging.Select(tag => $"{tag.Key}={tag.Value}").Order(StringComparer.Ordinal));
            Assert.Equal(report.GetProperty(file).GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, key));
        }

        Assert.EndsWith("-3", report.GetProperty("trailer").GetProperty("etag").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrapiProvider_WithKmsOrAes256Encryption_StoresEveryUploadSealedAsConfigured()
    {
        var bucket = CofferServer.UniqueBucket("js-strapi-sse");

        var report = await RunAsync("strapi-upload-encryption", bucket);

        // The provider sent the configuration's kind (and, for aws:kms, the key as configured: by id on the public
        // provider, by alias on the private one) on each PutObject and CreateMultipartUpload, and nothing on the parts.
        var keyId = report.GetProperty("keyId").GetString();
        var alias = report.GetProperty("alias").GetString();
        Assert.Equal(
            [
                ("PutObject", "aws:kms", keyId), ("CreateMultipartUpload", "aws:kms", keyId), ("UploadPart", null, null), ("UploadPart", null, null),
                ("UploadPart", null, null), ("CompleteMultipartUpload", null, null), ("PutObject", "aws:kms", alias),
                ("PutObject", "AES256", null), ("CreateMultipartUpload", "AES256", null), ("UploadPart", null, null), ("UploadPart", null, null),
                ("UploadPart", null, null), ("CompleteMultipartUpload", null, null), ("PutObject", "AES256", null),
                ("PutObject", null, null),
            ],
            report.GetProperty("calls").EnumerateArray().Select(call => (
                call.GetProperty("operation").GetString(),
                call.GetProperty("headers").GetProperty("x-amz-server-side-encryption").GetString(),
                call.GetProperty("headers").GetProperty("x-amz-server-side-encryption-aws-kms-key-id").GetString())));

        // The key the scenario made, as the .NET KMS client sees it, is the one every aws:kms object names.
        using var kms = server.CreateKmsClient();
        var keyArn = (await kms.DescribeKeyAsync(new Kms.DescribeKeyRequest { KeyId = alias })).KeyMetadata.Arn;
        Assert.Equal(report.GetProperty("keyArn").GetString(), keyArn);
        Assert.EndsWith(":key/" + keyId, keyArn, StringComparison.Ordinal);

        using var s3 = server.CreateClient();
        var files = report.GetProperty("files").EnumerateObject().ToDictionary(file => file.Name, file => file.Value);
        Assert.Equal(["aes-image", "aes-private", "aes-video", "kms-image", "kms-private", "kms-video", "plain"], files.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, file) in files)
        {
            var key = file.GetProperty("key").GetString()!;
            var kind = file.GetProperty("kind").GetString();
            var head = await s3.GetObjectMetadataAsync(bucket, key);
            var marker = Encoding.ASCII.GetBytes(file.GetProperty("marker").GetString()!);

            Assert.Equal(kind ?? "", head.ServerSideEncryptionMethod?.Value ?? "");
            Assert.Equal(kind == "aws:kms" ? keyArn : null, head.ServerSideEncryptionKeyManagementServiceKeyId);
            Assert.Equal(file.GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, key));

            // Sealed objects' bytes are nowhere under the data directory; the plain one's are, so the scan finds what is there.
            Assert.True(DataDirectoryScan.Contains(server, marker) == (kind is null), $"{name}: marker on disk is {kind is null}");

            // A stranger reads a public AES256 file by its url; an aws:kms one needs a signed request, as on S3.
            var servesStrangers = kind != "aws:kms" && !file.GetProperty("private").GetBoolean();
            Assert.Equal(servesStrangers ? 200 : 403, file.GetProperty("unsignedStatus").GetInt32());
        }

        Assert.EndsWith("-3", files["kms-video"].GetProperty("etag").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("-3", files["aes-video"].GetProperty("etag").GetString(), StringComparison.Ordinal);

        // The provider warns that aws:kms is AWS-specific on any other endpoint, once per provider, and works anyway.
        Assert.Equal(2, report.GetProperty("warnings").EnumerateArray().Count(warning => warning.GetString()!.Contains("'aws:kms'", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ClientKms_KeysAliasesDataKeysAndDeletion_BehaveAsKms()
    {
        var report = await RunAsync("kms-keys", CofferServer.UniqueBucket("js-kms"));

        // Every refusal the scenario provoked, by the name @aws-sdk/client-kms gave it (KMS's __type) and its status.
        var refusals = report.GetProperty("refusals").EnumerateObject()
            .ToDictionary(refusal => refusal.Name, refusal => (refusal.Value.GetProperty("name").GetString(), refusal.Value.GetProperty("status").GetInt32()));
        Assert.Equal(
            new Dictionary<string, (string?, int)>
            {
                ["CreateAliasTwice"] = ("AlreadyExistsException", 400),
                ["DescribeDeletedAlias"] = ("NotFoundException", 400),
                ["DecryptWrongContext"] = ("InvalidCiphertextException", 400),
                ["DecryptWithoutContext"] = ("InvalidCiphertextException", 400),
                ["DecryptReEncryptedWithOldContext"] = ("InvalidCiphertextException", 400),
                ["GenerateDataKeyDisabled"] = ("DisabledException", 400),
                ["DecryptDisabled"] = ("DisabledException", 400),
                ["EncryptPendingDeletion"] = ("KMSInvalidStateException", 400),
                ["ScheduleKeyDeletionTwice"] = ("KMSInvalidStateException", 400),
                ["DescribeUnknownKey"] = ("NotFoundException", 400),
            },
            refusals);

        // What the JavaScript client left, the .NET KMS client reads: the key enabled again after the cancelled
        // deletion, with its description, rotation on, and the alias on it.
        using var kms = server.CreateKmsClient();
        var keyArn = report.GetProperty("keyArn").GetString();
        var key = (await kms.DescribeKeyAsync(new Kms.DescribeKeyRequest { KeyId = report.GetProperty("alias").GetString() })).KeyMetadata;
        var rotation = await kms.GetKeyRotationStatusAsync(new Kms.GetKeyRotationStatusRequest { KeyId = keyArn });
        Assert.Equal(keyArn, key.Arn);
        Assert.Equal(report.GetProperty("description").GetString(), key.Description);
        Assert.Equal(Amazon.KeyManagementService.KeyState.Enabled, key.KeyState);
        Assert.Null(key.DeletionDate);
        Assert.True(rotation.KeyRotationEnabled);
        var second = (await kms.DescribeKeyAsync(new Kms.DescribeKeyRequest { KeyId = report.GetProperty("secondKeyArn").GetString() })).KeyMetadata;
        Assert.Equal("archive key", second.Description);
    }

    [Fact]
    public async Task ClientS3_VersionsDeleteMarkersTagsAndObjectLock_BehaveAsS3()
    {
        var bucket = CofferServer.UniqueBucket("js-vtl");

        var report = await RunAsync("s3-versioning-tagging-lock", bucket);

        // The .NET SDK sees the same history: the upload's version on top, then the two puts; the delete marker
        // the scenario removed is gone.
        using var s3 = server.CreateClient();
        var versions = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        Assert.Equal(
            [.. Strings(report.GetProperty("versions")).Reverse()],
            versions.Versions.Select(version => version.VersionId));
        Assert.Equal([true, false, false], versions.Versions.Select(version => version.IsLatest ?? false));
        Assert.DoesNotContain(versions.Versions, version => version.IsDeleteMarker ?? false);

        // Both protected deletes were refused with 403; both versions were removed once unprotected, so only the
        // markers and the version put without lock headers remain in the locked bucket.
        Assert.Equal(403, report.GetProperty("refusedStatuses").GetProperty("retention").GetInt32());
        Assert.Equal(403, report.GetProperty("refusedStatuses").GetProperty("legalHold").GetInt32());
        var locked = await s3.ListVersionsAsync(new ListVersionsRequest { BucketName = report.GetProperty("lockBucket").GetString() });
        Assert.Equal(
            [("ledger/2026-11.csv", true), ("ledger/bare.csv", false)],
            locked.Versions.Select(version => (version.Key, version.IsDeleteMarker ?? false)));

        // The SDK's default puts a CRC32 on every object lock write; set to send checksums only when required, it
        // leaves the PutObject bare, which S3 refuses.
        var checksums = report.GetProperty("lockChecksums");
        Assert.Equal(JsonValueKind.String, checksums.GetProperty("whenSupported").GetProperty("PutObject").GetProperty("x-amz-checksum-crc32").ValueKind);
        Assert.Equal(JsonValueKind.Null, checksums.GetProperty("whenRequired").GetProperty("PutObject").GetProperty("x-amz-checksum-crc32").ValueKind);
        Assert.Equal(JsonValueKind.String, checksums.GetProperty("whenRequired").GetProperty("PutObjectRetention").GetProperty("x-amz-checksum-crc32").ValueKind);
        Assert.Equal(400, report.GetProperty("refusedBareLockPut").GetProperty("status").GetInt32());
        Assert.Equal("InvalidRequest", report.GetProperty("refusedBareLockPut").GetProperty("code").GetString());
    }

    private async Task<JsonElement> RunAsync(string scenario, string bucket)
    {
        var run = await NodeScenario.RunAsync(server, scenario, bucket);

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Report;
        Assert.Equal(scenario, report.GetProperty("scenario").GetString());
        Assert.True(report.GetProperty("ok").GetBoolean(), run.ToString());
        return report;
    }

    // The scenario checks the ETag against the parts it cut and the bytes it reads back itself;
    // here the part count comes from the server's ETag, and the .NET SDK reads the same bytes.
    private Task<JsonElement> AssertMultipartRoundTripAsync(string scenario, string key, int size, int parts) =>
        AssertMultipartRoundTripAsync(scenario, CofferServer.UniqueBucket("js-mp"), key, size, parts);

    private async Task<JsonElement> AssertMultipartRoundTripAsync(string scenario, string bucket, string key, int size, int parts)
    {
        var report = await RunAsync(scenario, bucket);

        Assert.Equal(size, report.GetProperty("size").GetInt32());
        Assert.EndsWith($"-{parts}", report.GetProperty("etag").GetString()?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal(report.GetProperty("sha256").GetString(), await Sha256OfAsync(bucket, key));
        return report;
    }

    private async Task<string> Sha256OfAsync(string bucket, string key)
    {
        using var s3 = server.CreateClient();
        using var response = await s3.GetObjectAsync(bucket, key);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(response.ResponseStream));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString() ?? "")];
}
