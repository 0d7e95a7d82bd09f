using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Tests.Buckets;

/// <summary>
/// A bucket's encryption configuration over in-memory stores: how PutBucketEncryption replaces it (keeping an SSE-C block
/// a document leaves unsaid), how DeleteBucketEncryption removes it, and how writes obey its default. The sealing itself
/// is proven on the real stores (Engine.Contract.Tests, DefaultEncryptionTests); this engine has no master key, so a
/// write the default would encrypt is refused, which shows the default was applied.
/// </summary>
public class BucketEncryptionTests
{
    private static readonly BucketEncryptionRequest Aes256 = new() { Default = ObjectEncryption.SseS3 };

    private readonly EngineUnderTest _engine = new();

    private static BucketName Bucket => EngineUnderTest.Bucket;

    private static CancellationToken None => CancellationToken.None;

    private async Task<BucketEncryption?> StoredAsync() => (await _engine.Buckets.GetAsync(Bucket, None)).Encryption;

    [Fact]
    public async Task NewBucket_HasNoConfiguration()
    {
        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task SetEncryption_Aes256_IsStoredWithSseCAllowed()
    {
        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256 with { BucketKeyEnabled = true }, None);

        Assert.Equal(new BucketEncryption { Default = ObjectEncryption.SseS3, BucketKeyEnabled = true, SseCBlocked = false }, await StoredAsync());
    }

    [Fact]
    public async Task SetEncryption_WithoutBlockedTypes_KeepsTheBlockTheBucketHas()
    {
        await _engine.Buckets.SetEncryptionAsync(Bucket, new BucketEncryptionRequest { BlockSseC = true }, None);

        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256, None);

        Assert.Equal(new BucketEncryption { Default = ObjectEncryption.SseS3, SseCBlocked = true }, await StoredAsync());
    }

    [Fact]
    public async Task SetEncryption_WithBlockedTypesNone_LiftsTheBlock()
    {
        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256 with { BlockSseC = true }, None);

        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256 with { BlockSseC = false }, None);

        Assert.False((await StoredAsync())!.SseCBlocked);
    }

    [Fact]
    public async Task DeleteEncryption_RemovesTheConfigurationAndItsBlock_AndTwiceSucceeds()
    {
        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256 with { BlockSseC = true }, None);

        await _engine.Buckets.DeleteEncryptionAsync(Bucket, None);
        await _engine.Buckets.DeleteEncryptionAsync(Bucket, None);

        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task SetOrDeleteEncryption_OfAMissingBucket_IsNoSuchBucket()
    {
        var missing = BucketName.TryParse("missing", out var name) ? name.Value : throw new InvalidOperationException();

        var set = await Assert.ThrowsAsync<EngineException>(() => _engine.Buckets.SetEncryptionAsync(missing, Aes256, None));
        var delete = await Assert.ThrowsAsync<EngineException>(() => _engine.Buckets.DeleteEncryptionAsync(missing, None));

        Assert.Equal((EngineError.NoSuchBucket, EngineError.NoSuchBucket), (set.Code, delete.Code));
    }

    [Fact]
    public async Task PutObject_WithoutEncryptionIntoAes256Bucket_IsEncryptedSoNeedsTheMasterKey()
    {
        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256, None);

        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.PutAsync("k", [1, 2, 3]));

        Assert.Equal(EngineError.NotImplemented, refused.Code);
        Assert.Empty(_engine.Blobs.Committed);
    }

    [Fact]
    public async Task PutObject_IntoBucketThatOnlyBlocksSseC_IsStoredAsWritten()
    {
        await _engine.Buckets.SetEncryptionAsync(Bucket, new BucketEncryptionRequest { BlockSseC = true }, None);

        var stored = await _engine.PutAsync("k", [1, 2, 3]);

        Assert.Null(stored.Attributes.Encryption);
    }

    [Fact]
    public async Task CreateMultipartUpload_WithoutEncryptionIntoAes256Bucket_IsEncryptedSoNeedsTheMasterKey()
    {
        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256, None);

        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.Multipart.CreateAsync(
            new() { Bucket = Bucket, Key = EngineUnderTest.Key("k") }, None));

        Assert.Equal(EngineError.NotImplemented, refused.Code);
    }

    [Fact]
    public async Task CopyObject_OfPlaintextIntoAes256Bucket_IsEncryptedSoNeedsTheMasterKey()
    {
        await _engine.PutAsync("plain", [1, 2, 3]);
        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256, None);

        var refused = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = Bucket, SourceKey = EngineUnderTest.Key("plain"), Bucket = Bucket, Key = EngineUnderTest.Key("copy") }, None));

        Assert.Equal(EngineError.NotImplemented, refused.Code);
        Assert.Contains("master key", refused.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.HeadAsync(Bucket, EngineUnderTest.Key("copy"), None));
        Assert.Equal(EngineError.NoSuchKey, missing.Code);
    }

    [Fact]
    public async Task Commit_OfPlaintextAfterTheDefaultWasSet_IsRefusedAndStoresNothing()
    {
        // A write that read the bucket before PutBucketEncryption, committing after it.
        var plaintext = new ObjectInfo
        {
            Bucket = Bucket.Value,
            Key = "raced",
            VersionId = VersionIds.Null,
            Size = 0,
            ETag = "\"d41d8cd98f00b204e9800998ecf8427e\"",
            LastModified = _engine.Clock.GetUtcNow(),
            Attributes = ObjectAttributes.Default,
        };
        await _engine.Buckets.SetEncryptionAsync(Bucket, Aes256, None);

        var outcome = await _engine.Metadata.CommitVersionAsync(plaintext, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.DefaultEncryptionChanged, outcome.Status);
        Assert.Null(await _engine.Metadata.GetLatestAsync(Bucket.Value, "raced", None));
    }
}
