using Coffer.Engine.Buckets;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.TestKit;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// Small objects kept in the SQLite database instead of blob files, through the engine on the real stores: they
/// read, copy, overwrite and delete exactly as blob-backed objects do, and leave no file behind.
/// </summary>
public sealed class InlineObjectTests : IAsyncLifetime
{
    private static readonly BucketName Bucket = BucketName.TryParse("bucket", out var name) ? name.Value : throw new InvalidOperationException();

    private readonly TempDirectory _directory = new();
    private SqliteMetadataStore? _metadata;
    private ObjectEngine? _objects;
    private MultipartEngine? _multipart;

    private string DatabasePath => Path.Combine(_directory.Path, "metadata.db");

    private string BlobRoot => Path.Combine(_directory.Path, "blobs");

    private ObjectEngine Objects => _objects ?? throw new InvalidOperationException();

    public async Task InitializeAsync()
    {
        _metadata = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        var blobs = new FileSystemBlobStore(BlobRoot);
        var releaser = new BlobReleaser(_metadata, blobs);
        _objects = new ObjectEngine(_metadata, blobs, releaser, TimeProvider.System);
        _multipart = new MultipartEngine(_metadata, blobs, releaser, _objects, TimeProvider.System);
        await new BucketEngine(_metadata, TimeProvider.System).CreateAsync(Bucket, "us-east-1", "owner", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_metadata is not null)
        {
            await _metadata.DisposeAsync();
        }

        _directory.Dispose();
    }

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
        Assert.Empty(await _metadata!.PendingBlobDeletionsAsync(10, CancellationToken.None));
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
        Assert.Empty(await _metadata!.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UploadPartCopyAsync_FromAnInlineSource_CopiesItsBytes()
    {
        var content = Content(5000, seed: 9);
        await PutAsync("source", content);
        var upload = await _multipart!.CreateAsync(new CreateUploadRequest { Bucket = Bucket, Key = Key("assembled") }, CancellationToken.None);

        var part = await _multipart.UploadPartCopyAsync(
            new UploadPartCopyRequest
            {
                Target = new PartTarget(Bucket, Key("assembled"), upload.UploadId, 1),
                SourceBucket = Bucket,
                SourceKey = Key("source"),
            },
            CancellationToken.None);
        await _multipart.CompleteAsync(
            new CompleteUploadRequest { Bucket = Bucket, Key = Key("assembled"), UploadId = upload.UploadId, Parts = [new CompletedPart(1, part.ETag)] },
            CancellationToken.None);

        Assert.Equal(content, await ReadAllAsync("assembled"));
    }

    [Fact]
    public async Task ScanAsync_InlineObjects_ListsThemWithoutReadingTheirContent()
    {
        await PutAsync("listed", Content(4000, seed: 11));

        var listed = Assert.Single(await _metadata!.ScanAsync("bucket", ReadOnlyMemory<byte>.Empty, inclusive: true, ReadOnlyMemory<byte>.Empty, 10, CancellationToken.None));

        Assert.Equal(4000, listed.Size);
        Assert.Null(Assert.Single(listed.Segments).InlineContent);
    }

    [Fact]
    public async Task PutAsync_BodyShorterThanDeclared_FailsAndStoresNothing()
    {
        var request = new PutObjectRequest { Bucket = Bucket, Key = Key("short"), DeclaredLength = 100 };

        await Assert.ThrowsAnyAsync<Exception>(() => Objects.PutAsync(request, new MemoryStream(Content(60, seed: 10)), CancellationToken.None));

        Assert.Null(await _metadata!.GetLatestAsync("bucket", "short", CancellationToken.None));
        Assert.Equal(0L, InlineRowCount());
    }

    private static ObjectKey Key(string key) => ObjectKey.TryParse(key, out var parsed) ? parsed.Value : throw new ArgumentException(key);

    private static byte[] Content(int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        return content;
    }

    private Task<ObjectInfo> PutAsync(string key, byte[] content) =>
        Objects.PutAsync(new PutObjectRequest { Bucket = Bucket, Key = Key(key), DeclaredLength = content.Length }, new MemoryStream(content), CancellationToken.None);

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
