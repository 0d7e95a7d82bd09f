using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class ObjectVersionContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task GetLatestAsync_AfterCommit_RoundTripsEveryField()
    {
        var bucket = await CreateLockedBucketAsync();
        var version = Version(bucket, "docs/résumé 2024.pdf", Segment(5 * 1024 * 1024), Segment(5 * 1024 * 1024), Segment(17)) with
        {
            Checksum = new ObjectChecksum(ChecksumAlgorithm.Crc32C, "yZRlqg=="),
            Attributes = NonDefaultAttributes(new ObjectHeaders
            {
                ContentType = "application/pdf",
                ContentEncoding = "gzip",
                ContentDisposition = "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
                ContentLanguage = "fr-FR",
                CacheControl = "max-age=3600, must-revalidate",
                Expires = "Thu, 01 Dec 1994 16:00:00 GMT",
                UserMetadata = new Dictionary<string, string>
                {
                    ["author"] = "Zoë Ångström",
                    ["city"] = "東京",
                    ["mood"] = "😀",
                    ["quotes"] = "\"both\" 'kinds' \\ and a\ttab",
                    ["empty"] = "",
                },
            }),
        };

        var outcome = await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        AssertSameVersion(version with { VersionId = outcome.Stored!.VersionId }, await Store.GetLatestAsync(bucket, version.Key, None));
        AssertSameVersion(outcome.Stored, await Store.GetVersionAsync(bucket, version.Key, outcome.Stored.VersionId, None));
    }

    [Fact]
    public async Task GetLatestAsync_WithoutAcl_IsNullForTheDefault()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "k");

        Assert.Null((await Store.GetLatestAsync(bucket, "k", None))!.Attributes.Acl);
    }

    [Fact]
    public async Task SetVersionAclAsync_StoredVersion_ReplacesTheAclAndNothingElse()
    {
        var bucket = await CreateBucketAsync();
        var version = await PutAsync(bucket, "k");

        Assert.Equal(CommitStatus.Committed, await Store.SetVersionAclAsync(bucket, "k", "null", "acl one\n", None));
        AssertSameVersion(version with { Attributes = version.Attributes with { Acl = "acl one\n" } }, await Store.GetLatestAsync(bucket, "k", None));

        Assert.Equal(CommitStatus.Committed, await Store.SetVersionAclAsync(bucket, "k", "null", null, None));
        AssertSameVersion(version, await Store.GetLatestAsync(bucket, "k", None));
    }

    [Fact]
    public async Task SetVersionAclAsync_UnknownKeyOrVersion_IsNotFound()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "k");

        Assert.Equal(CommitStatus.NotFound, await Store.SetVersionAclAsync(bucket, "other", "null", "x", None));
        Assert.Equal(CommitStatus.NotFound, await Store.SetVersionAclAsync(bucket, "k", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "x", None));
        Assert.Null((await Store.GetLatestAsync(bucket, "k", None))!.Attributes.Acl);
    }

    [Fact]
    public async Task SetVersionAclAsync_MissingBucket_IsNoSuchBucket()
    {
        Assert.Equal(CommitStatus.NoSuchBucket, await Store.SetVersionAclAsync("no-such-bucket", "k", "null", "x", None));
    }

    [Fact]
    public async Task GetLatestAsync_EmptyObject_HasNoSegments()
    {
        var bucket = await CreateBucketAsync();
        var version = await PutAsync(bucket, "empty");

        var stored = await Store.GetLatestAsync(bucket, "empty", None);

        AssertSameVersion(version, stored);
        Assert.Empty(stored!.Segments);
        Assert.Equal(0, stored.Size);
    }

    [Fact]
    public async Task GetLatestAsync_SameBlobTwiceInOneVersion_KeepsBothSegmentsInOrder()
    {
        var bucket = await CreateBucketAsync();
        var shared = Segment(10);
        var version = await PutAsync(bucket, "twice", shared, Segment(3), shared);

        AssertSameVersion(version, await Store.GetLatestAsync(bucket, "twice", None));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public async Task GetLatestAsync_EachChecksumAlgorithm_RoundTrips(ChecksumAlgorithm algorithm)
    {
        var bucket = await CreateBucketAsync();
        var version = Version(bucket, "key", Segment()) with { Checksum = new ObjectChecksum(algorithm, "AAAAAA==") };
        await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(version.Checksum, (await Store.GetLatestAsync(bucket, "key", None))?.Checksum);
    }

    [Fact]
    public async Task GetLatestAsync_MissingKey_ReturnsNull()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "present", Segment());

        Assert.Null(await Store.GetLatestAsync(bucket, "absent", None));
        Assert.Null(await Store.GetLatestAsync(bucket, "Present", None));
    }

    [Fact]
    public async Task GetLatestAsync_MissingBucket_ReturnsNull()
    {
        Assert.Null(await Store.GetLatestAsync("missing", "key", None));
    }

    [Fact]
    public async Task GetLatestAsync_SameKeyInTwoBuckets_KeepsThemApart()
    {
        var first = await CreateBucketAsync("abc");
        var second = await CreateBucketAsync("abcd");
        var inFirst = await PutAsync(first, "key", Segment());
        var inSecond = await PutAsync(second, "key", Segment());

        AssertSameVersion(inFirst, await Store.GetLatestAsync(first, "key", None));
        AssertSameVersion(inSecond, await Store.GetLatestAsync(second, "key", None));
    }

    [Fact]
    public async Task CommitVersionAsync_MissingBucket_NoSuchBucket()
    {
        var outcome = await Store.CommitVersionAsync(Version("missing", "key", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.NoSuchBucket, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
    }

    [Fact]
    public async Task CommitVersionAsync_Overwrite_ReplacesAndReleasesTheOldBlobs()
    {
        var bucket = await CreateBucketAsync();
        var old = await PutAsync(bucket, "key", Segment(), Segment());
        var replacement = Version(bucket, "key", Segment());

        var outcome = await Store.CommitVersionAsync(replacement, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal(Sorted(old.Segments.Select(s => s.Blob)), Sorted(outcome.ReleasedBlobs));
        AssertSameVersion(replacement, await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task CommitVersionAsync_DeleteMarker_GetReturnsItAndScanSkipsIt()
    {
        var bucket = await CreateBucketAsync();
        var old = await PutAsync(bucket, "gone", Segment());
        await PutAsync(bucket, "kept", Segment());
        var marker = Version(bucket, "gone") with { IsDeleteMarker = true };

        var outcome = await Store.CommitVersionAsync(marker, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal([old.Segments[0].Blob], outcome.ReleasedBlobs);
        AssertSameVersion(marker, await Store.GetLatestAsync(bucket, "gone", None));
        var listed = await Store.ScanAsync(bucket, default, false, default, 10, None);
        Assert.Equal(["kept"], listed.Select(version => version.Key));
    }

    [Fact]
    public async Task DeleteCurrentAsync_Existing_RemovesItAndReleasesItsBlobs()
    {
        var bucket = await CreateBucketAsync();
        var version = await PutAsync(bucket, "key", Segment(), Segment());

        var outcome = await Store.DeleteCurrentAsync(bucket, "key", WriteCondition.None, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal(Sorted(version.Segments.Select(s => s.Blob)), Sorted(outcome.ReleasedBlobs));
        Assert.Null(await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task DeleteCurrentAsync_MissingKey_NotFound()
    {
        var bucket = await CreateBucketAsync();

        var outcome = await Store.DeleteCurrentAsync(bucket, "absent", WriteCondition.None, None);

        Assert.Equal(CommitStatus.NotFound, outcome.Status);
    }

    [Fact]
    public async Task DeleteCurrentAsync_MissingBucket_NoSuchBucket()
    {
        var outcome = await Store.DeleteCurrentAsync("missing", "key", WriteCondition.None, None);

        Assert.Equal(CommitStatus.NoSuchBucket, outcome.Status);
    }

    [Fact]
    public async Task CommitVersionAsync_CancelledBeforeStart_ThrowsAndChangesNothing()
    {
        var bucket = await CreateBucketAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.CommitVersionAsync(Version(bucket, "key", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, cancelled.Token));

        Assert.Null(await Store.GetLatestAsync(bucket, "key", None));
    }

    [Fact]
    public async Task GetLatestAsync_CancelledBeforeStart_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetLatestAsync("bucket", "key", cancelled.Token));
    }
}
