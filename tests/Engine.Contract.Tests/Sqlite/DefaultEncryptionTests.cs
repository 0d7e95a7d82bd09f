using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// A bucket's default encryption on the real stores: an object written without asking for encryption into a bucket
/// whose default is AES256 is sealed as if it had asked (its bytes are nowhere on disk in plaintext), and says so; the
/// configuration survives a restart; a plaintext copy into such a bucket is read and sealed again.
/// </summary>
public sealed class DefaultEncryptionTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineOnDisk _disk = new();

    private static BucketName Bucket => EngineOnDisk.Bucket;

    public Task InitializeAsync() => _disk.InitializeAsync();

    public Task DisposeAsync() => _disk.DisposeAsync();

    private Task SetAes256DefaultAsync() =>
        _disk.Buckets.SetEncryptionAsync(Bucket, new BucketEncryptionRequest { Default = ObjectEncryption.SseS3 }, None);

    [Theory]
    [InlineData(100)]
    [InlineData(1_000_000)]
    public async Task PutBucketEncryption_WithAes256Default_SealsUnmarkedPuts(int size)
    {
        await SetAes256DefaultAsync();
        var (content, marker) = MarkedContent.Make(size);

        var stored = await _disk.PutAsync("unmarked", content);

        Assert.Equal(ObjectEncryption.SseS3, stored.Attributes.Encryption);
        Assert.NotNull(Assert.Single(stored.Segments).SealedKey);
        Assert.Equal(ObjectEncryption.SseS3, (await _disk.Objects.HeadAsync(Bucket, EngineOnDisk.Key("unmarked"), None)).Attributes.Encryption);
        Assert.Equal(content, await _disk.ReadAsync("unmarked", 0, size));
        await _disk.Metadata.DisposeAsync();
        Assert.False(_disk.AnyFileContains(marker));
    }

    [Fact]
    public async Task PutBucketEncryption_WithAes256Default_SealsEveryPartOfAnUnmarkedUpload()
    {
        await SetAes256DefaultAsync();
        var (content, marker) = MarkedContent.Make(100_000);
        var key = EngineOnDisk.Key("volume.bin");

        var upload = await _disk.Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = key }, None);
        var part = await _disk.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(Bucket, key, upload.UploadId, 1), DeclaredLength = content.Length }, new MemoryStream(content), None);
        var completed = await _disk.Multipart.CompleteAsync(
            new CompleteUploadRequest { Bucket = Bucket, Key = key, UploadId = upload.UploadId, Parts = [new CompletedPart(1, part.ETag)] }, None);

        Assert.Equal(ObjectEncryption.SseS3, upload.Attributes.Encryption);
        Assert.NotNull(part.SealedKey);
        Assert.Equal(ObjectEncryption.SseS3, completed.Attributes.Encryption);
        Assert.Equal(content, await _disk.ReadAsync("volume.bin", 0, content.Length));
        await _disk.Metadata.DisposeAsync();
        Assert.False(_disk.AnyFileContains(marker));
    }

    [Fact]
    public async Task Upload_CreatedBeforeTheDefault_KeepsTheEncryptionItWasCreatedWith()
    {
        var key = EngineOnDisk.Key("early.bin");
        var upload = await _disk.Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = key }, None);
        await SetAes256DefaultAsync();

        var part = await _disk.Multipart.UploadPartAsync(
            new UploadPartRequest { Target = new PartTarget(Bucket, key, upload.UploadId, 1), DeclaredLength = 3 }, new MemoryStream([1, 2, 3]), None);
        var completed = await _disk.Multipart.CompleteAsync(
            new CompleteUploadRequest { Bucket = Bucket, Key = key, UploadId = upload.UploadId, Parts = [new CompletedPart(1, part.ETag)] }, None);

        Assert.Null(completed.Attributes.Encryption);
    }

    [Fact]
    public async Task CopyObject_OfPlaintextIntoAes256Bucket_SealsTheCopyInABlobOfItsOwn()
    {
        var content = EngineOnDisk.Content(200_000, seed: 3);
        var source = await _disk.PutAsync("plain", content);
        await SetAes256DefaultAsync();

        var copied = await _disk.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = Bucket, SourceKey = EngineOnDisk.Key("plain"), Bucket = Bucket, Key = EngineOnDisk.Key("copy") }, None);

        Assert.Null(source.Attributes.Encryption);
        Assert.Equal(ObjectEncryption.SseS3, copied.Copy.Attributes.Encryption);
        var segment = Assert.Single(copied.Copy.Segments);
        Assert.NotNull(segment.SealedKey);
        Assert.NotEqual(source.Segments[0].Blob, segment.Blob);
        Assert.Equal(source.ETag, copied.Copy.ETag);
        Assert.Equal(content, await _disk.ReadAsync("copy", 0, content.Length));
    }

    [Fact]
    public async Task CopyObject_OfSealedSourceIntoAes256Bucket_SharesTheSealedBlob()
    {
        await SetAes256DefaultAsync();
        var source = await _disk.PutAsync("sealed", EngineOnDisk.Content(10_000, seed: 1));

        var copied = await _disk.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = Bucket, SourceKey = EngineOnDisk.Key("sealed"), Bucket = Bucket, Key = EngineOnDisk.Key("copy") }, None);

        Assert.Equal(ObjectEncryption.SseS3, copied.Copy.Attributes.Encryption);
        Assert.Equal(source.Segments[0].Blob, copied.Copy.Segments[0].Blob);
    }

    [Fact]
    public async Task DeleteBucketEncryption_ThenPut_StoresPlaintextAgain()
    {
        await SetAes256DefaultAsync();
        await _disk.Buckets.DeleteEncryptionAsync(Bucket, None);

        var stored = await _disk.PutAsync("after", [1, 2, 3]);

        Assert.Null(stored.Attributes.Encryption);
    }
}
