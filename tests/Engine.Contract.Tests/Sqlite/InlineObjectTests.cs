using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// Small objects kept in the SQLite database instead of blob files, through the engine on the real stores: they
/// read, copy, overwrite and delete exactly as blob-backed objects do, and leave no file behind.
/// </summary>
public sealed class InlineObjectTests : IAsyncLifetime
{
    private readonly EngineOnDisk _disk = new();

    private string DatabasePath => _disk.DatabasePath;

    private string BlobRoot => _disk.BlobRoot;

    private ObjectEngine Objects => _disk.Objects;

    private static BucketName Bucket => EngineOnDisk.Bucket;

    public Task InitializeAsync() => _disk.InitializeAsync();

    public Task DisposeAsync() => _disk.DisposeAsync();

    [Fact]
    public async Task PutAsync_SmallBodyOfKnownLength_IsStoredInTheDatabaseWithNoBlobFile()
    {
        var content = Content(4096, seed: 1);

        await PutAsync("small", content);

        Assert.Equal(content, await ReadAllAsync("small"));
        Assert.Equal(0, BlobFileCount());
        Assert.Equal(1L, InlineRowCount());
    }

    [Fact]
    public async Task PutAsync_BodyAtTheLimit_IsInlineAndOneByteMoreIsABlob()
    {
        await PutAsync("at-limit", Content(InlineObjects.MaxBytes, seed: 2));
        await PutAsync("over-limit", Content(InlineObjects.MaxBytes + 1, seed: 3));

        Assert.Equal(Content(InlineObjects.MaxBytes, seed: 2), await ReadAllAsync("at-limit"));
        Assert.Equal(Content(InlineObjects.MaxBytes + 1, seed: 3), await ReadAllAsync("over-limit"));
        Assert.Equal(1L, InlineRowCount());
        Assert.Equal(1, BlobFileCount());
    }

    [Fact]
    public async Task PutAsync_UnknownLength_IsABlob()
    {
        var request = new PutObjectRequest { Bucket = Bucket, Key = Key("streamed") };

        await Objects.PutAsync(request, new MemoryStream(Content(100, seed: 4)), CancellationToken.None);

        Assert.Equal(Content(100, seed: 4), await ReadAllAsync("streamed"));
        Assert.Equal(0L, InlineRowCount());
        Assert.Equal(1, BlobFileCount());
    }

    [Fact]
    public async Task OpenAsync_RangeOfAnInlineObject_ReturnsThoseBytes()
    {
        var content = Content(10_000, seed: 5);
        await PutAsync("ranged", content);

        using var opened = await Objects.OpenAsync(Bucket, Key("ranged"), CancellationToken.None);
        using var range = new MemoryStream();
        await opened.CopyRangeToAsync(range, 1234, 5000, CancellationToken.None);

        Assert.Equal(content[1234..6234], range.ToArray());
    }

    [Fact]
    public async Task PutAsync_OverwriteOfAnInlineObject_DeletesItsContentInTheSameCommit()
    {
        await PutAsync("key", Content(1000, seed: 6));

        await PutAsync("key", Content(2000, seed: 7));

        Assert.Equal(Content(2000, seed: 7), await ReadAllAsync("key"));
        Assert.Equal(1L, InlineRowCount());
        Assert.Empty(await _disk.Metadata.PendingBlobDeletionsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task CopyAsync_InlineSource_SharesItsContentUntilBothAreGone()
    {
        var content = Content(3000, seed: 8);
        await PutAsync("source", content);

        await Objects.CopyAsync(new CopyObjectRequest { SourceBucket = Bucket, SourceKey = Key("source"), Bucket = Bucket, Key = Key("copy") }, CancellationToken.None);
        await Objects.DeleteAsync(Bucket, Key("source"), WriteCondition.None, CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync("copy"));
        Assert.Equal(1L, InlineRowCount());
        await Objects.DeleteAsync(Bucket, Key("copy"), WriteCondition.None, CancellationToken.None);
        Assert.Equal(0L, InlineRowCount());
        Assert.Empty(await _disk.Metadata.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UploadPartCopyAsync_FromAnInlineSource_CopiesItsBytes()
    {
        var content = Content(5000, seed: 9);
        await PutAsync("source", content);
        var upload = await _disk.Multipart.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = Key("assembled") }, CancellationToken.None);

        var (part, _) = await _disk.Multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = new PartTarget(Bucket, Key("assembled"), upload.UploadId, 1),
                SourceBucket = Bucket,
                SourceKey = Key("source"),
            },
            CancellationToken.None);
        await _disk.Multipart.CompleteAsync(
            new CompleteUploadRequest { Bucket = Bucket, Key = Key("assembled"), UploadId = upload.UploadId, Parts = [new CompletedPart(1, part.ETag)] },
            CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync("assembled"));
    }

    [Fact]
    public async Task ScanAsync_InlineObjects_ListsThemWithoutReadingTheirContent()
    {
        await PutAsync("listed", Content(4000, seed: 11));

        var listed = Assert.Single(await _disk.Metadata.ScanAsync("bucket", ReadOnlyMemory<byte>.Empty, inclusive: true, ReadOnlyMemory<byte>.Empty, 10, CancellationToken.None));

        Assert.Equal(4000, listed.Size);
        Assert.Null(Assert.Single(listed.Segments).InlineContent);
    }

    [Fact]
    public async Task PutAsync_BodyShorterThanDeclared_FailsAndStoresNothing()
    {
        var request = new PutObjectRequest { Bucket = Bucket, Key = Key("short"), DeclaredLength = 100 };

        await Assert.ThrowsAnyAsync<Exception>(() => Objects.PutAsync(request, new MemoryStream(Content(60, seed: 10)), CancellationToken.None));

        Assert.Null(await _disk.Metadata.GetLatestAsync("bucket", "short", CancellationToken.None));
        Assert.Equal(0L, InlineRowCount());
    }

    private static ObjectKey Key(string key) => EngineOnDisk.Key(key);

    private static byte[] Content(int length, int seed) => EngineOnDisk.Content(length, seed);

    private Task<ObjectInfo> PutAsync(string key, byte[] content) => _disk.PutAsync(key, content);

    private async Task<byte[]> ReadAllAsync(string key)
    {
        using var opened = await Objects.OpenAsync(Bucket, Key(key), CancellationToken.None);
        using var copy = new MemoryStream();
        await opened.CopyRangeToAsync(copy, 0, opened.Info.Size, CancellationToken.None);
        return copy.ToArray();
    }

    private int BlobFileCount() =>
        Directory.Exists(BlobRoot) ? Directory.EnumerateFiles(BlobRoot, "*", SearchOption.AllDirectories).Count() : 0;

    private long InlineRowCount()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM inline_blobs;";
        return (long)command.ExecuteScalar()!;
    }
}
