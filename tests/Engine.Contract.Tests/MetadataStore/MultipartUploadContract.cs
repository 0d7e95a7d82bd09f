using System.Text;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class MultipartUploadContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task GetUploadAsync_AfterCreate_RoundTripsEveryField()
    {
        var bucket = await CreateBucketAsync();
        var upload = Upload(bucket, "docs/résumé 😀.pdf") with
        {
            ChecksumAlgorithm = ChecksumAlgorithm.Sha256,
            ChecksumType = ChecksumType.Composite,
            Attributes = NonDefaultAttributes(new ObjectHeaders
            {
                ContentType = "application/pdf",
                CacheControl = "no-cache",
                UserMetadata = new Dictionary<string, string> { ["author"] = "Zoë" },
            }),
        };

        Assert.Equal(CommitStatus.Committed, await Store.CreateUploadAsync(upload, None));
        var stored = await Store.GetUploadAsync(bucket, upload.Key, upload.UploadId, None);

        Assert.NotNull(stored);
        Assert.Equal(upload with { Attributes = upload.Attributes with { Headers = stored.Attributes.Headers } }, stored);
        Assert.Equal("application/pdf", stored.Attributes.Headers.ContentType);
        Assert.Equal("no-cache", stored.Attributes.Headers.CacheControl);
        Assert.Equal("Zoë", stored.Attributes.Headers.UserMetadata["author"]);
    }

    [Fact]
    public async Task CreateUploadAsync_MissingBucket_IsNoSuchBucket()
    {
        Assert.Equal(CommitStatus.NoSuchBucket, await Store.CreateUploadAsync(Upload("nope", "k"), None));
    }

    [Fact]
    public async Task GetUploadAsync_OtherKeyOrUnknownId_IsNull()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "a");

        Assert.Null(await Store.GetUploadAsync(bucket, "b", upload.UploadId, None));
        Assert.Null(await Store.GetUploadAsync(bucket, "a", UploadIds.New(Now()), None));
    }

    [Fact]
    public async Task PutPartAsync_NewPart_IsListedAndItsBlobKnown()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var part = Part(1) with { Checksum = new ObjectChecksum(ChecksumAlgorithm.Crc32, "AAAAAA==") };

        var outcome = await Store.PutPartAsync(bucket, "k", upload.UploadId, part, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        Assert.Equal([part], await Store.ListPartsAsync(bucket, "k", upload.UploadId, 0, 10, None));
        Assert.True(await Store.IsBlobKnownAsync(part.Blob, None));
    }

    [Fact]
    public async Task PutPartAsync_ChecksumAndDefaultChecksum_RoundTrip()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var part = Part(1) with
        {
            Checksum = new ObjectChecksum(ChecksumAlgorithm.Crc32, "JRTCyQ=="),
            DefaultChecksum = new ObjectChecksum(ChecksumAlgorithm.Crc64Nvme, "L/E4WYn8v98="),
        };
        await PutPartAsync(upload, part);

        var listed = await Store.ListPartsAsync(bucket, "k", upload.UploadId, 0, 10, None);

        Assert.Equal([part], listed);
    }

    [Fact]
    public async Task PutPartAsync_SameNumberAgain_ReplacesPartAndReleasesOldBlob()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var first = await PutPartAsync(upload, Part(3));
        var second = Part(3, size: 42);

        var outcome = await Store.PutPartAsync(bucket, "k", upload.UploadId, second, None);

        Assert.Equal([first.Blob], outcome.ReleasedBlobs);
        Assert.Equal([first.Blob], await Store.PendingBlobDeletionsAsync(10, None));
        Assert.Equal([second], await Store.ListPartsAsync(bucket, "k", upload.UploadId, 0, 10, None));
    }

    [Fact]
    public async Task PutPartAsync_UnknownUpload_IsNoSuchUploadAndChangesNothing()
    {
        var bucket = await CreateBucketAsync();
        var part = Part(1);

        var outcome = await Store.PutPartAsync(bucket, "k", UploadIds.New(Now()), part, None);

        Assert.Equal(CommitStatus.NoSuchUpload, outcome.Status);
        Assert.False(await Store.IsBlobKnownAsync(part.Blob, None));
    }

    [Fact]
    public async Task ListPartsAsync_AfterAndLimit_PagesInPartOrder()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        foreach (var number in new[] { 7, 2, 10_000, 5, 1 })
        {
            await PutPartAsync(upload, Part(number));
        }

        Assert.Equal([1, 2], Numbers(await Store.ListPartsAsync(bucket, "k", upload.UploadId, 0, 2, None)));
        Assert.Equal([5, 7], Numbers(await Store.ListPartsAsync(bucket, "k", upload.UploadId, 2, 2, None)));
        Assert.Equal([10_000], Numbers(await Store.ListPartsAsync(bucket, "k", upload.UploadId, 7, 2, None)));
        Assert.Empty(await Store.ListPartsAsync(bucket, "k", upload.UploadId, 10_000, 2, None));
        Assert.Empty(await Store.ListPartsAsync(bucket, "other", upload.UploadId, 0, 2, None));
    }

    [Fact]
    public async Task ListUploadsAsync_SeveralKeysAndUploads_OrdersByKeyBytesThenUploadId()
    {
        var bucket = await CreateBucketAsync();
        var created = new List<UploadInfo>();
        foreach (var key in new[] { "b", "a", "é", "b", "z", "a" })
        {
            created.Add(await CreateUploadAsync(bucket, key));
        }

        var listed = await Store.ListUploadsAsync(bucket, default, default, null, 100, None);

        var expected = created
            .OrderBy(upload => Encoding.UTF8.GetBytes(upload.Key), ByteOrder.Instance)
            .ThenBy(upload => upload.UploadId, StringComparer.Ordinal)
            .Select(upload => upload.UploadId);
        Assert.Equal(expected, listed.Select(upload => upload.UploadId));
    }

    [Fact]
    public async Task ListUploadsAsync_AfterKeyAlone_SkipsEveryUploadOfThatKey()
    {
        var bucket = await CreateBucketAsync();
        await CreateUploadAsync(bucket, "a");
        await CreateUploadAsync(bucket, "b");
        await CreateUploadAsync(bucket, "b");
        var c = await CreateUploadAsync(bucket, "c");

        var listed = await Store.ListUploadsAsync(bucket, default, Utf8("b"), null, 100, None);

        Assert.Equal([c.UploadId], listed.Select(upload => upload.UploadId));
    }

    [Fact]
    public async Task ListUploadsAsync_AfterKeyAndUploadId_StartsWithTheLaterUploadsOfThatKey()
    {
        var bucket = await CreateBucketAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateUploadAsync(bucket, "same")).UploadId);
        }

        var c = await CreateUploadAsync(bucket, "t");
        ids.Sort(StringComparer.Ordinal);

        var listed = await Store.ListUploadsAsync(bucket, default, Utf8("same"), ids[0], 100, None);

        Assert.Equal([ids[1], ids[2], c.UploadId], listed.Select(upload => upload.UploadId));
    }

    [Fact]
    public async Task ListUploadsAsync_PrefixAndLimit_ReturnsOnlyMatchingKeys()
    {
        var bucket = await CreateBucketAsync();
        foreach (var key in new[] { "logs/1", "logs/2", "logs/3", "logt", "log", "photos/1" })
        {
            await CreateUploadAsync(bucket, key);
        }

        var listed = await Store.ListUploadsAsync(bucket, Utf8("logs/"), default, null, 2, None);
        var rest = await Store.ListUploadsAsync(bucket, Utf8("logs/"), Utf8("logs/2"), null, 10, None);

        Assert.Equal(["logs/1", "logs/2"], listed.Select(upload => upload.Key));
        Assert.Equal(["logs/3"], rest.Select(upload => upload.Key));
    }

    [Fact]
    public async Task ListUploadsAsync_AfterUploadIdBelowPrefix_StartsAtThePrefix()
    {
        var bucket = await CreateBucketAsync();
        var early = await CreateUploadAsync(bucket, "a");
        await CreateUploadAsync(bucket, "b/1");

        var listed = await Store.ListUploadsAsync(bucket, Utf8("b/"), Utf8("a"), early.UploadId, 10, None);

        Assert.Equal(["b/1"], listed.Select(upload => upload.Key));
    }

    [Fact]
    public async Task ListUploadsAsync_AfterPrefixFollowedByFF_SkipsTheWholeGroup()
    {
        var bucket = await CreateBucketAsync();
        foreach (var key in new[] { "a/1", "a/2/x", "a/😀", "b" })
        {
            await CreateUploadAsync(bucket, key);
        }

        var listed = await Store.ListUploadsAsync(bucket, default, (byte[])[.. Utf8("a/"), 0xFF], null, 10, None);

        Assert.Equal(["b"], listed.Select(upload => upload.Key));
    }

    [Fact]
    public async Task CompleteUploadAsync_SelectedParts_BecomeTheSegmentsAndTheUploadGoes()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var one = await PutPartAsync(upload, Part(1));
        var skipped = await PutPartAsync(upload, Part(2));
        var three = await PutPartAsync(upload, Part(3, size: 7));
        var version = Version(bucket, "k", new BlobSegment(one.Blob, one.Size), new BlobSegment(three.Blob, three.Size));

        var outcome = await Store.CompleteUploadAsync(upload, [new(1, one.Blob), new(3, three.Blob)], version, WriteCondition.None, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal([skipped.Blob], outcome.ReleasedBlobs);
        AssertSameVersion(version, await Store.GetLatestAsync(bucket, "k", None));
        Assert.Null(await Store.GetUploadAsync(bucket, "k", upload.UploadId, None));
        Assert.Empty(await Store.ListUploadsAsync(bucket, default, default, null, 10, None));
        Assert.Equal([skipped.Blob], await Store.PendingBlobDeletionsAsync(10, None));
        Assert.True(await Store.IsBlobKnownAsync(one.Blob, None));
        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task CompleteUploadAsync_UploadWithAcl_TheVersionKeepsIt()
    {
        // The engine copies the upload's ACL onto the version; the store must keep it through the completion.
        var bucket = await CreateBucketAsync();
        var created = Upload(bucket, "k");
        var upload = created with { Attributes = created.Attributes with { Acl = "READ uri http://acs.amazonaws.com/groups/global/AllUsers\n" } };
        Assert.Equal(CommitStatus.Committed, await Store.CreateUploadAsync(upload, None));
        Assert.Equal(upload.Attributes.Acl, (await Store.GetUploadAsync(bucket, "k", upload.UploadId, None))!.Attributes.Acl);
        var one = await PutPartAsync(upload, Part(1));
        var completed = Version(bucket, "k", new BlobSegment(one.Blob, one.Size));
        var version = completed with { Attributes = completed.Attributes with { Acl = upload.Attributes.Acl }, UploadId = upload.UploadId };

        var outcome = await Store.CompleteUploadAsync(upload, [new(1, one.Blob)], version, WriteCondition.None, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        AssertSameVersion(version, await Store.GetLatestAsync(bucket, "k", None));
    }

    [Fact]
    public async Task CompleteUploadAsync_CompositeChecksumAndPartChecksums_RoundTripAfterReopen()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var one = await PutPartAsync(upload, Part(1) with { Checksum = new ObjectChecksum(ChecksumAlgorithm.Sha256, "275VF5loJr1YYawit0XSHREhkFXYkkPKGuoK0x9VKxI=") });
        var two = await PutPartAsync(upload, Part(2, size: 9) with { Checksum = new ObjectChecksum(ChecksumAlgorithm.Sha256, "mrHwOfjTL5Zwfj74F05HOQGLdUb7E5szdCbxgUSq6NM=") });
        var version = Version(bucket, "k", new BlobSegment(one.Blob, one.Size, one.Checksum), new BlobSegment(two.Blob, two.Size, two.Checksum)) with
        {
            Checksum = new ObjectChecksum(ChecksumAlgorithm.Sha256, "uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-2", ChecksumType.Composite),
            UploadId = upload.UploadId,
        };
        await Store.CompleteUploadAsync(upload, [new(1, one.Blob), new(2, two.Blob)], version, WriteCondition.None, None);

        await ReopenAsync();

        AssertSameVersion(version, await Store.GetLatestAsync(bucket, "k", None));
    }

    [Fact]
    public async Task CompleteUploadAsync_OverExistingObject_ReleasesTheReplacedBlobs()
    {
        var bucket = await CreateBucketAsync();
        var old = await PutAsync(bucket, "k", Segment(), Segment());
        var upload = await CreateUploadAsync(bucket, "k");
        var part = await PutPartAsync(upload, Part(1));

        var outcome = await Store.CompleteUploadAsync(
            upload, [new(1, part.Blob)], Version(bucket, "k", new BlobSegment(part.Blob, part.Size)), WriteCondition.None, None);

        Assert.Equal(Sorted(old.Segments.Select(segment => segment.Blob)), Sorted(outcome.ReleasedBlobs));
    }

    [Fact]
    public async Task CompleteUploadAsync_PartReplacedSinceRead_IsInvalidPartAndChangesNothing()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var read = await PutPartAsync(upload, Part(1));
        var current = await PutPartAsync(upload, Part(1));

        var outcome = await Store.CompleteUploadAsync(
            upload, [new(1, read.Blob)], Version(bucket, "k", new BlobSegment(read.Blob, read.Size)), WriteCondition.None, None);

        Assert.Equal(CommitStatus.InvalidPart, outcome.Status);
        Assert.Null(await Store.GetLatestAsync(bucket, "k", None));
        Assert.Equal([current], await Store.ListPartsAsync(bucket, "k", upload.UploadId, 0, 10, None));
    }

    [Fact]
    public async Task CompleteUploadAsync_MustNotExistOnExistingKey_FailsAndTheUploadStaysOpen()
    {
        var bucket = await CreateBucketAsync();
        var existing = await PutAsync(bucket, "k", Segment());
        var upload = await CreateUploadAsync(bucket, "k");
        var part = await PutPartAsync(upload, Part(1));

        var outcome = await Store.CompleteUploadAsync(
            upload, [new(1, part.Blob)], Version(bucket, "k", new BlobSegment(part.Blob, part.Size)),
            new WriteCondition { MustNotExist = true }, None);

        Assert.Equal(CommitStatus.ConditionFailed, outcome.Status);
        AssertSameVersion(existing, await Store.GetLatestAsync(bucket, "k", None));
        Assert.NotNull(await Store.GetUploadAsync(bucket, "k", upload.UploadId, None));
        Assert.Equal([part], await Store.ListPartsAsync(bucket, "k", upload.UploadId, 0, 10, None));
    }

    [Fact]
    public async Task CompleteUploadAsync_UnknownUpload_IsNoSuchUpload()
    {
        var bucket = await CreateBucketAsync();

        var outcome = await Store.CompleteUploadAsync(Upload(bucket, "k"), [], Version(bucket, "k"), WriteCondition.None, None);

        Assert.Equal(CommitStatus.NoSuchUpload, outcome.Status);
        Assert.Null(await Store.GetLatestAsync(bucket, "k", None));
    }

    [Fact]
    public async Task CompleteUploadAsync_TwoThousandParts_KeepsEverySegmentInPartOrder()
    {
        // A large upload completes in one transaction without copying: the segments are the
        // part blobs, in order. (Timing is not asserted; this guards the shape.)
        const int count = 2_000;
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "big");
        var parts = new List<PartInfo>(count);
        for (var number = count; number >= 1; number--)
        {
            parts.Add(await PutPartAsync(upload, Part(number, size: number)));
        }

        parts.Reverse();
        var version = Version(bucket, "big", [.. parts.Select(part => new BlobSegment(part.Blob, part.Size))]);

        var outcome = await Store.CompleteUploadAsync(
            upload, [.. parts.Select(part => new SelectedPart(part.PartNumber, part.Blob))], version, WriteCondition.None, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        var stored = await Store.GetLatestAsync(bucket, "big", None);
        Assert.Equal(parts.Select(part => part.Blob), stored!.Segments.Select(segment => segment.Blob));
        Assert.Equal(parts.Select(part => part.Size), stored.Segments.Select(segment => segment.Length));
    }

    [Fact]
    public async Task AbortUploadAsync_OpenUpload_ReleasesEveryPartBlobOnce()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var one = await PutPartAsync(upload, Part(1));
        var two = await PutPartAsync(upload, Part(2));

        var outcome = await Store.AbortUploadAsync(bucket, "k", upload.UploadId, None);
        var again = await Store.AbortUploadAsync(bucket, "k", upload.UploadId, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal(Sorted([one.Blob, two.Blob]), Sorted(outcome.ReleasedBlobs));
        Assert.Equal(CommitStatus.NoSuchUpload, again.Status);
        Assert.Null(await Store.GetUploadAsync(bucket, "k", upload.UploadId, None));
        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task ListAbandonedUploadsAsync_Cutoff_ListsOnlyOlderUploadsOldestFirst()
    {
        var bucket = await CreateBucketAsync();
        var now = Now();
        var oldest = await CreateUploadAsync(bucket, "z", now.AddDays(-30));
        var older = await CreateUploadAsync(bucket, "a", now.AddDays(-8));
        await CreateUploadAsync(bucket, "m", now.AddDays(-1));

        var abandoned = await Store.ListAbandonedUploadsAsync(now.AddDays(-7), 10, None);

        Assert.Equal([oldest.UploadId, older.UploadId], abandoned.Select(upload => upload.UploadId));
        Assert.Single(await Store.ListAbandonedUploadsAsync(now.AddDays(-7), 1, None));
    }

    [Fact]
    public async Task DeleteBucketAsync_WithOpenUpload_DeletesItAndQueuesItsPartBlobs()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var part = await PutPartAsync(upload, Part(1));

        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(bucket, None));

        Assert.Equal([part.Blob], await Store.PendingBlobDeletionsAsync(10, None));
        await CreateBucketAsync();
        Assert.Null(await Store.GetUploadAsync(bucket, "k", upload.UploadId, None));
        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task DisposeAndReopen_OpenUploadWithParts_IsStillThere()
    {
        var bucket = await CreateBucketAsync();
        var upload = await CreateUploadAsync(bucket, "k");
        var part = await PutPartAsync(upload, Part(1));

        await ReopenAsync();

        var stored = await Store.GetUploadAsync(bucket, "k", upload.UploadId, None);
        Assert.Equal(upload, stored! with { Attributes = stored.Attributes with { Headers = upload.Attributes.Headers } });
        Assert.Equal([part], await Store.ListPartsAsync(bucket, "k", upload.UploadId, 0, 10, None));
    }

    private static UploadInfo Upload(string bucket, string key, DateTimeOffset? initiated = null)
    {
        var at = initiated ?? Now();
        return new UploadInfo { Bucket = bucket, Key = key, UploadId = UploadIds.New(at), Initiated = at };
    }

    private static PartInfo Part(int number, long size = 5 * 1024 * 1024) => new()
    {
        PartNumber = number,
        Size = size,
        ETag = $"\"{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())}\"",
        LastModified = Now(),
        Blob = BlobId.New(),
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static List<int> Numbers(IEnumerable<PartInfo> parts) => [.. parts.Select(part => part.PartNumber)];

    private async Task<UploadInfo> CreateUploadAsync(string bucket, string key, DateTimeOffset? initiated = null)
    {
        var upload = Upload(bucket, key, initiated);
        Assert.Equal(CommitStatus.Committed, await Store.CreateUploadAsync(upload, None));
        return upload;
    }

    private async Task<PartInfo> PutPartAsync(UploadInfo upload, PartInfo part)
    {
        var outcome = await Store.PutPartAsync(upload.Bucket, upload.Key, upload.UploadId, part, None);
        Assert.Equal(CommitStatus.Committed, outcome.Status);
        return part;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
