using System.Security.Cryptography;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Postgres;
using Coffer.Engine.Versions;
using Coffer.TestKit.Postgres;

namespace Coffer.Engine.Contract.Tests.Postgres;

/// <summary>The scrubber's read-only inventory of blob references, over a database a store writes.</summary>
public sealed class PostgresBlobInventoryTests : IAsyncLifetime
{
    private const string Bucket = "bucket";

    private static CancellationToken None => CancellationToken.None;

    private string _database = "";
    private PostgresMetadataStore? _store;

    private PostgresMetadataStore Store => _store!;

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await PostgresServer.Shared.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task ListAsync_InPages_NamesEverySegmentThenEveryPartOnce()
    {
        var (version, part) = await StoreVersionAndPartAsync();
        await using var inventory = await PostgresBlobInventory.OpenAsync(PostgresServer.Shared.ConnectionString(_database), None);

        var listed = new List<BlobReference>();
        BlobReferencePosition? after = null;
        while (await inventory.ListAsync(after, 2, None) is { Count: > 0 } page)
        {
            listed.AddRange(page);
            after = page[^1].Position;
        }

        Assert.Equal([.. version.Segments.Select(segment => segment.Blob), part.Blob], listed.Select(reference => reference.Segment.Blob));
        Assert.Equal(version.Segments[1].InlineContent, listed[1].Segment.InlineContent);
        Assert.All(listed.Take(2), reference => Assert.Equal(version.VersionId, reference.VersionId));
        Assert.Equal((part.PartNumber, "upload"), (listed[2].PartNumber!.Value, listed[2].UploadId!));
        Assert.Equal(new InventoryTotals(3, version.Size + part.Size), await inventory.MeasureAsync(None));
    }

    [Fact]
    public async Task IsReferencedAsync_StoredAndUnknownBlobs_TellThemApart()
    {
        var (version, part) = await StoreVersionAndPartAsync();
        await using var inventory = await PostgresBlobInventory.OpenAsync(PostgresServer.Shared.ConnectionString(_database), None);

        Assert.True(await inventory.IsReferencedAsync(version.Segments[0].Blob, None));
        Assert.True(await inventory.IsReferencedAsync(part.Blob, None));
        Assert.False(await inventory.IsReferencedAsync(BlobId.New(), None));
    }

    [Fact]
    public async Task OpenAsync_DatabaseWithoutTheSchema_RefusesAndCreatesNothing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PostgresBlobInventory.OpenAsync(PostgresServer.Shared.ConnectionString(_database), None));

        Assert.Contains("schema version 0", error.Message, StringComparison.Ordinal);
    }

    private async Task<(ObjectInfo Version, PartInfo Part)> StoreVersionAndPartAsync()
    {
        _store = await PostgresMetadataStore.OpenAsync(PostgresServer.Shared.ConnectionString(_database), None);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(await Store.CreateBucketAsync(new BucketInfo(Bucket, "us-east-1", "owner", now), None));

        var inline = RandomNumberGenerator.GetBytes(10);
        BlobSegment[] segments = [new(BlobId.New(), 100), new(BlobId.New(), inline.Length) { InlineContent = inline }];
        var version = new ObjectInfo
        {
            Bucket = Bucket,
            Key = "key",
            VersionId = "null",
            Size = segments.Sum(segment => segment.Length),
            ETag = "\"etag\"",
            LastModified = now,
            Attributes = ObjectAttributes.Default,
            Segments = segments,
        };
        Assert.Equal(CommitStatus.Committed, (await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, None)).Status);

        var upload = new UploadInfo { Bucket = Bucket, Key = "other", UploadId = "upload", Initiated = now };
        Assert.Equal(CommitStatus.Committed, await Store.CreateUploadAsync(upload, None));
        var part = new PartInfo { PartNumber = 3, Size = 50, ETag = "\"part\"", LastModified = now, Blob = BlobId.New() };
        Assert.Equal(CommitStatus.Committed, (await Store.PutPartAsync(Bucket, "other", "upload", part, None)).Status);
        return (version, part);
    }
}
