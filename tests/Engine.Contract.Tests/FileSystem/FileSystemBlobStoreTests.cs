using System.Runtime.Versioning;

using Coffer.Engine.Contract.Tests.BlobStore;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.FileSystem;

/// <summary>The blob store contract against a directory, plus what only the file layout promises.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests()
    {
        _store = new FileSystemBlobStore(BlobsPath);
    }

    protected override IBlobStore Store => _store;

    private string BlobsPath => Path.Combine(_directory.Path, "blobs");

    private string TempPath => Path.Combine(BlobsPath, "tmp");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CommitAsync_Blob_LandsInItsFanOutFolder()
    {
        var id = await WriteBlobAsync([1, 2, 3], pieceSize: 3);

        var path = Path.Combine(BlobsPath, id.Value[..2], id.Value[2..4], id.Value);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempPath));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task CommitAsync_Blob_FoldersAre0700AndTheBlobAndTempFiles0600()
    {
        var id = await WriteBlobAsync([1, 2, 3], pieceSize: 3);
        await using var open = Store.CreateWriter();
        await open.WriteAsync(new byte[10], None);

        const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var outer = Path.Combine(BlobsPath, id.Value[..2]);
        var inner = Path.Combine(outer, id.Value[2..4]);
        Assert.All(new[] { BlobsPath, TempPath, outer, inner }, folder => Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder)));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(inner, id.Value)));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(TempPath, open.Id.Value + ".tmp")));
    }

    [Fact]
    public async Task WriteAsync_BeforeCommit_OnlyATempFileExists()
    {
        await using var writer = Store.CreateWriter();
        await writer.WriteAsync(new byte[10], None);

        Assert.Equal([Path.Combine(TempPath, writer.Id.Value + ".tmp")], Directory.EnumerateFiles(TempPath));
        Assert.Throws<BlobNotFoundException>(() => Store.OpenRead(writer.Id));
    }

    [Fact]
    public async Task DisposeAsync_Uncommitted_LeavesNoFileAnywhere()
    {
        await using (var writer = Store.CreateWriter())
        {
            await writer.WriteAsync(new byte[3 * 1024 * 1024], None);
        }

        Assert.Empty(Directory.EnumerateFiles(BlobsPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task EnumerateAsync_OldTempFile_IsRemovedAndNotListed()
    {
        var abandoned = Path.Combine(TempPath, BlobId.New().Value + ".tmp");
        await File.WriteAllBytesAsync(abandoned, new byte[10]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));
        var committed = await WriteBlobAsync([7], pieceSize: 1);

        var listed = new List<BlobId>();
        await foreach (var blob in Store.EnumerateAsync(TimeSpan.FromHours(1), None))
        {
            listed.Add(blob.Id);
        }

        Assert.False(File.Exists(abandoned));
        Assert.Equal([committed], listed);
    }

    [Fact]
    public async Task EnumerateAsync_RecentTempFile_IsKept()
    {
        await using var writer = Store.CreateWriter();
        await writer.WriteAsync(new byte[10], None);

        Assert.Empty(await ListAsync());

        Assert.True(File.Exists(Path.Combine(TempPath, writer.Id.Value + ".tmp")));
    }

    [Fact]
    public async Task EnumerateAsync_ForeignFiles_AreNeitherListedNorDeleted()
    {
        var committed = await WriteBlobAsync([7], pieceSize: 1);
        var foreignTemp = Path.Combine(TempPath, "notes.tmp");
        var foreignInRoot = Path.Combine(BlobsPath, "README");
        var misplaced = Path.Combine(BlobsPath, "00", "00", BlobId.New().Value);
        var badName = Path.Combine(BlobsPath, committed.Value[..2], committed.Value[2..4], "not-a-blob");
        Directory.CreateDirectory(Path.GetDirectoryName(misplaced)!);
        foreach (var path in new[] { foreignTemp, foreignInRoot, misplaced, badName })
        {
            await File.WriteAllBytesAsync(path, [1]);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-30));
        }

        var listed = await ListAsync();

        Assert.Equal([committed], listed);
        Assert.All(new[] { foreignTemp, foreignInRoot, misplaced, badName }, path => Assert.True(File.Exists(path)));
    }

    [Fact]
    public async Task Constructor_ExistingRoot_SeesBlobsWrittenBefore()
    {
        var id = await WriteBlobAsync([4, 5], pieceSize: 2);

        var reopened = new FileSystemBlobStore(BlobsPath);

        using var reader = reopened.OpenRead(id);
        Assert.Equal(2, reader.Length);
    }
}
