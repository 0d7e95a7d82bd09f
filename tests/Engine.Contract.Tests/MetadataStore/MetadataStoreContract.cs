using System.Security.Cryptography;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>
/// The base of every metadata store contract suite: a fresh, empty store per test, over the
/// storage of <typeparamref name="THarness"/>, and builders for the values the tests commit.
/// </summary>
public abstract class MetadataStoreContract<THarness> : IAsyncLifetime
    where THarness : IMetadataStoreHarness, new()
{
    private readonly THarness _harness = new();
    private IMetadataStore? _store;

    protected static CancellationToken None => CancellationToken.None;

    protected IMetadataStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    public async Task InitializeAsync() => _store = await _harness.OpenAsync();

    public async Task DisposeAsync()
    {
        await CloseAsync();
        await _harness.DisposeAsync();
    }

    /// <summary>Closes the store and opens the same storage again, as after a restart.</summary>
    protected async Task ReopenAsync()
    {
        await CloseAsync();
        _store = await _harness.OpenAsync();
    }

    protected async Task<string> CreateBucketAsync(string name = "bucket")
    {
        Assert.True(await Store.CreateBucketAsync(new BucketInfo(name, "us-east-1", "owner", Now()), None));
        return name;
    }

    /// <summary>A bucket with versioning enabled and object lock on, with the default retention given (if any).</summary>
    protected async Task<string> CreateLockedBucketAsync(DefaultRetention? defaultRetention = null, string name = "locked")
    {
        var bucket = new BucketInfo(name, "us-east-1", "owner", Now())
        {
            Versioning = BucketVersioning.Enabled,
            ObjectLock = new ObjectLockConfiguration(defaultRetention),
        };
        Assert.True(await Store.CreateBucketAsync(bucket, None));
        return name;
    }

    protected async Task SetVersioningAsync(string bucket, BucketVersioning state) =>
        Assert.True(await Store.UpdateBucketAsync(bucket, found => found with { Versioning = state }, None));

    protected async Task<ObjectInfo> PutAsync(string bucket, string key, params BlobSegment[] segments)
    {
        var version = Version(bucket, key, segments);
        var outcome = await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, None);
        Assert.Equal(CommitStatus.Committed, outcome.Status);
        return outcome.Stored!;
    }

    /// <summary>A bucket holding one single-segment version of each key.</summary>
    protected async Task<string> CreatePopulatedBucketAsync(params string[] keys)
    {
        var bucket = await CreateBucketAsync();
        foreach (var key in keys)
        {
            await PutAsync(bucket, key, Segment());
        }

        return bucket;
    }

    /// <summary>The current time, cut to the millisecond that the store keeps.</summary>
    protected static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    protected static BlobSegment Segment(long length = 100) => new(BlobId.New(), length);

    protected static ObjectInfo Version(string bucket, string key, params BlobSegment[] segments) => new()
    {
        Bucket = bucket,
        Key = key,
        VersionId = "null",
        Size = segments.Sum(segment => segment.Length),
        ETag = $"\"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\"",
        LastModified = Now(),
        Attributes = ObjectAttributes.Default,
        Segments = segments,
    };

    /// <summary>
    /// Every attribute away from its default, for the round-trip tests of versions and uploads:
    /// an attribute added to <see cref="ObjectAttributes"/> belongs here too.
    /// </summary>
    protected static ObjectAttributes NonDefaultAttributes(ObjectHeaders headers) => new()
    {
        Headers = headers,
        StorageClass = "STANDARD_IA",
        Owner = "alice",
        Acl = "READ uri http://acs.amazonaws.com/groups/global/AllUsers\n",
        Tags = TagSet.Create([new Tag("project", "Zoë + co"), new Tag("empty", ""), new Tag("city", "東京")], TagSetOwner.ObjectVersion),
        Retention = new ObjectRetention(RetentionMode.Compliance, Now().AddDays(3)),
        LegalHold = LegalHoldStatus.On,
    };

    /// <summary>Blob ids in a fixed order, to compare sets of them.</summary>
    protected static List<string> Sorted(IEnumerable<BlobId> blobs) => [.. blobs.Select(blob => blob.Value).Order(StringComparer.Ordinal)];

    protected static void AssertSameVersion(ObjectInfo expected, ObjectInfo? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Bucket, actual.Bucket);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.VersionId, actual.VersionId);
        Assert.Equal(expected.Size, actual.Size);
        Assert.Equal(expected.ETag, actual.ETag);
        Assert.Equal(expected.LastModified, actual.LastModified);
        Assert.Equal(expected.Attributes.StorageClass, actual.Attributes.StorageClass);
        Assert.Equal(expected.Checksum, actual.Checksum);
        Assert.Equal(expected.Segments, actual.Segments);
        Assert.Equal(expected.IsDeleteMarker, actual.IsDeleteMarker);
        Assert.True(actual.IsLatest);
        Assert.Equal(expected.Attributes.Owner, actual.Attributes.Owner);
        Assert.Equal(expected.UploadId, actual.UploadId);
        Assert.Equal(expected.Attributes.Acl, actual.Attributes.Acl);
        Assert.Equal(expected.Attributes.Tags, actual.Attributes.Tags);
        Assert.Equal(expected.Attributes.Retention, actual.Attributes.Retention);
        Assert.Equal(expected.Attributes.LegalHold, actual.Attributes.LegalHold);

        var (want, got) = (expected.Attributes.Headers, actual.Attributes.Headers);
        Assert.Equal(want.ContentType, got.ContentType);
        Assert.Equal(want.ContentEncoding, got.ContentEncoding);
        Assert.Equal(want.ContentDisposition, got.ContentDisposition);
        Assert.Equal(want.ContentLanguage, got.ContentLanguage);
        Assert.Equal(want.CacheControl, got.CacheControl);
        Assert.Equal(want.Expires, got.Expires);
        Assert.Equal(
            want.UserMetadata.OrderBy(pair => pair.Key, StringComparer.Ordinal),
            got.UserMetadata.OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    private async Task CloseAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        _store = null;
    }
}
