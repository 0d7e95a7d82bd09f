using Coffer.Engine.Buckets;
using Coffer.Engine.Caching;
using Coffer.Engine.Listing;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.TestKit;
using Coffer.TestKit.Fakes;

namespace Coffer.Engine.Tests;

/// <summary>The engine over in-memory ports, with one bucket ready.</summary>
internal sealed class EngineUnderTest
{
    public EngineUnderTest()
    {
        var releaser = new BlobReleaser(Metadata, Blobs);
        // Wired as the server wires them, so that the settings tests run through the settings cache.
        var bucketChanges = new ChangeCounter();
        Buckets = new BucketEngine(Metadata, Clock, bucketChanges);
        Settings = new BucketSettings(Metadata, bucketChanges, Clock);
        Objects = new ObjectEngine(Metadata, Blobs, releaser, Clock);
        Lister = new ObjectLister(Metadata);
        Versions = new VersionLister(Metadata);
        Collector = new BlobCollector(Metadata, Blobs, releaser);
        Multipart = new MultipartEngine(Metadata, Blobs, releaser, Objects, Clock);
        Uploads = new UploadLister(Metadata);
        Buckets.CreateAsync(Bucket, "us-east-1", "root", CancellationToken.None).GetAwaiter().GetResult();
    }

    public static BucketName Bucket { get; } = BucketName.TryParse("bucket", out var name) ? name.Value : throw new InvalidOperationException();

    public ManualClock Clock { get; } = new();

    public InMemoryMetadataStore Metadata { get; } = new();

    public InMemoryBlobStore Blobs { get; } = new();

    public BucketEngine Buckets { get; }

    public BucketSettings Settings { get; }

    public ObjectEngine Objects { get; }

    public ObjectLister Lister { get; }

    public VersionLister Versions { get; }

    public BlobCollector Collector { get; }

    public MultipartEngine Multipart { get; }

    public UploadLister Uploads { get; }

    /// <summary>Turns on versioning and object lock for the bucket, with the default retention given (none when null).</summary>
    public async Task LockBucketAsync(DefaultRetention? defaultRetention)
    {
        await Buckets.SetVersioningAsync(Bucket, BucketVersioning.Enabled, CancellationToken.None);
        await Buckets.SetObjectLockAsync(Bucket, new ObjectLockConfiguration(defaultRetention), CancellationToken.None);
    }

    public static ObjectKey Key(string key) => ObjectKey.TryParse(key, out var parsed) ? parsed.Value : throw new ArgumentException(key);

    /// <summary>
    /// A PUT whose length is not declared (a streamed body), so its content goes to the blob store
    /// however small: for tests about blobs. <see cref="PutAsync"/> keeps small bodies inline.
    /// </summary>
    public Task<ObjectInfo> PutAsBlobAsync(string key, byte[] content) =>
        PutAsync(key, content, request => request with { DeclaredLength = null });

    public Task<ObjectInfo> PutAsync(string key, byte[] content, Func<PutObjectRequest, PutObjectRequest>? adjust = null)
    {
        var request = new PutObjectRequest { Bucket = Bucket, Key = Key(key), DeclaredLength = content.Length };
        return Objects.PutAsync(adjust?.Invoke(request) ?? request, new MemoryStream(content), CancellationToken.None);
    }

    public async Task<byte[]> ReadAsync(string key, long offset = 0, long? length = null)
    {
        using var opened = await Objects.OpenAsync(Bucket, Key(key), CancellationToken.None);
        var output = new MemoryStream();
        await opened.CopyRangeToAsync(output, offset, length ?? opened.Info.Size - offset, CancellationToken.None);
        return output.ToArray();
    }
}
