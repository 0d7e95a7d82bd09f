using System.Security.Cryptography;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.BlobStore;

/// <summary>The blob store contract; an adapter's suite derives from it and provides a fresh, empty store.</summary>
public abstract class BlobStoreContract
{
    protected static CancellationToken None => CancellationToken.None;

    protected abstract IBlobStore Store { get; }

    /// <summary>
    /// Whether an open reader keeps reading a blob deleted meanwhile, as the port promises. A remote store cannot
    /// (S3 has no open handles: every read is a new request); it says false, and its readers must then report the
    /// deleted blob as <see cref="BlobNotFoundException"/>, never as other bytes or a silent short read.
    /// </summary>
    protected virtual bool OpenReadersOutliveDelete => true;

    [Fact]
    public async Task CommitAsync_WrittenInPieces_ReadsBackAtRandomOffsets()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var id = await WriteBlobAsync(content, pieceSize: 7_919);

        using var reader = Store.OpenRead(id);

        Assert.Equal(content.Length, reader.Length);
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var offset = random.Next(content.Length);
            var buffer = new byte[random.Next(1, 5_000)];
            var read = await reader.ReadAsync(offset, buffer, None);
            Assert.Equal(Math.Min(buffer.Length, content.Length - offset), read);
            Assert.True(content.AsSpan(offset, read).SequenceEqual(buffer.AsSpan(0, read)));
        }
    }

    [Fact]
    public async Task ReadAsync_AtOrPastTheEnd_ReturnsZero()
    {
        var id = await WriteBlobAsync(new byte[10], pieceSize: 10);
        using var reader = Store.OpenRead(id);
        var buffer = new byte[4];

        Assert.Equal(2, await reader.ReadAsync(8, buffer, None));
        Assert.Equal(0, await reader.ReadAsync(10, buffer, None));
        Assert.Equal(0, await reader.ReadAsync(1_000, buffer, None));
    }

    [Fact]
    public async Task ReadAsync_ConcurrentReadsOnOneReader_EachGetsItsOwnRange()
    {
        var content = RandomNumberGenerator.GetBytes(64 * 1024);
        var id = await WriteBlobAsync(content, pieceSize: 4096);
        using var reader = Store.OpenRead(id);

        var chunks = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            var buffer = new byte[4096];
            var read = await reader.ReadAsync(i * 4096L, buffer, None);
            return (Index: i, Read: read, Buffer: buffer);
        }));

        foreach (var (index, read, buffer) in chunks)
        {
            Assert.Equal(4096, read);
            Assert.True(content.AsSpan(index * 4096, 4096).SequenceEqual(buffer));
        }
    }

    [Fact]
    public async Task CommitAsync_EmptyBlob_ReadsBackAsZeroBytes()
    {
        var id = await WriteBlobAsync([], pieceSize: 1);

        using var reader = Store.OpenRead(id);

        Assert.Equal(0, reader.Length);
        Assert.Equal(0, await reader.ReadAsync(0, new byte[8], None));
    }

    [Fact]
    public async Task CommitAsync_TwentyMebibytesInChunks_RoundTrips()
    {
        const int Size = 20 * 1024 * 1024;
        var random = new Random(7);
        var chunk = new byte[1_000_003];
        await using var writer = Store.CreateWriter();
        using var written = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var remaining = Size; remaining > 0; remaining -= chunk.Length)
        {
            random.NextBytes(chunk);
            var piece = chunk.AsMemory(0, Math.Min(chunk.Length, remaining));
            await writer.WriteAsync(piece, None);
            written.AppendData(piece.Span);
        }

        Assert.Equal(Size, writer.Length);
        await writer.CommitAsync(None);

        using var reader = Store.OpenRead(writer.Id);
        using var read = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256 * 1024];
        long offset = 0;
        int count;
        while ((count = await reader.ReadAsync(offset, buffer, None)) > 0)
        {
            read.AppendData(buffer, 0, count);
            offset += count;
        }

        Assert.Equal(Size, offset);
        Assert.Equal(written.GetHashAndReset(), read.GetHashAndReset());
    }

    [Fact]
    public async Task CreateWriter_Twice_GivesDistinctWellFormedIds()
    {
        await using var first = Store.CreateWriter();
        await using var second = Store.CreateWriter();

        Assert.NotEqual(first.Id, second.Id);
        Assert.True(BlobId.IsWellFormed(first.Id.Value));
        Assert.True(BlobId.IsWellFormed(second.Id.Value));
    }

    [Fact]
    public async Task WriteAsync_AfterCommit_Throws()
    {
        await using var writer = Store.CreateWriter();
        await writer.WriteAsync(new byte[3], None);
        await writer.CommitAsync(None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(new byte[1], None).AsTask());
    }

    [Fact]
    public async Task DisposeAsync_Uncommitted_BlobNeverAppears()
    {
        BlobId id;
        await using (var writer = Store.CreateWriter())
        {
            id = writer.Id;
            await writer.WriteAsync(new byte[1000], None);
        }

        Assert.Throws<BlobNotFoundException>(() => Store.OpenRead(id));
        Assert.DoesNotContain(id, await ListAsync());
    }

    [Fact]
    public void OpenRead_Missing_ThrowsBlobNotFoundWithTheId()
    {
        var id = BlobId.New();

        var thrown = Assert.Throws<BlobNotFoundException>(() => Store.OpenRead(id));

        Assert.Equal(id, thrown.Id);
    }

    [Fact]
    public void OpenRead_MalformedId_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => Store.OpenRead(new BlobId("../../etc/passwd")));
    }

    [Fact]
    public async Task DeleteAsync_WhileAReaderIsOpen_ReaderStillReads()
    {
        var content = RandomNumberGenerator.GetBytes(10_000);
        var id = await WriteBlobAsync(content, pieceSize: 1000);
        using var reader = Store.OpenRead(id);

        await Store.DeleteAsync(id, None);

        Assert.Throws<BlobNotFoundException>(() => Store.OpenRead(id));
        var buffer = new byte[content.Length];
        if (!OpenReadersOutliveDelete)
        {
            await Assert.ThrowsAsync<BlobNotFoundException>(() => reader.ReadAsync(0, buffer, None).AsTask());
            return;
        }

        Assert.Equal(content.Length, await reader.ReadAsync(0, buffer, None));
        Assert.Equal(content, buffer);
    }

    [Fact]
    public async Task DeleteAsync_TwiceOrNeverWritten_DoesNotThrow()
    {
        var id = await WriteBlobAsync(new byte[5], pieceSize: 5);

        await Store.DeleteAsync(id, None);
        await Store.DeleteAsync(id, None);
        await Store.DeleteAsync(BlobId.New(), None);

        Assert.DoesNotContain(id, await ListAsync());
    }

    [Fact]
    public async Task EnumerateAsync_CommittedBlobs_ListsExactlyThemWithTheirWriteTime()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var ids = new List<BlobId>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await WriteBlobAsync(new byte[i], pieceSize: 1));
        }

        await Store.DeleteAsync(ids[0], None);
        await using var uncommitted = Store.CreateWriter();

        var listed = new List<StoredBlob>();
        await foreach (var blob in Store.EnumerateAsync(TimeSpan.FromDays(1), None))
        {
            listed.Add(blob);
        }

        Assert.Equal(
            ids.Skip(1).Select(id => id.Value).Order(StringComparer.Ordinal),
            listed.Select(blob => blob.Id.Value).Order(StringComparer.Ordinal));
        Assert.All(listed, blob => Assert.InRange(blob.WrittenAt, before, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    protected async Task<BlobId> WriteBlobAsync(byte[] content, int pieceSize)
    {
        await using var writer = Store.CreateWriter();
        for (var offset = 0; offset < content.Length; offset += pieceSize)
        {
            await writer.WriteAsync(content.AsMemory(offset, Math.Min(pieceSize, content.Length - offset)), None);
        }

        Assert.Equal(content.Length, writer.Length);
        await writer.CommitAsync(None);
        return writer.Id;
    }

    protected async Task<List<BlobId>> ListAsync()
    {
        var ids = new List<BlobId>();
        await foreach (var blob in Store.EnumerateAsync(TimeSpan.FromDays(1), None))
        {
            ids.Add(blob.Id);
        }

        return ids;
    }
}
