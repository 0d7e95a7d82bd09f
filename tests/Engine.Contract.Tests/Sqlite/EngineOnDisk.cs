using System.Security.Cryptography;

using Coffer.Engine.Buckets;
using Coffer.Engine.Encryption;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Sqlite;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// The engine on the real stores (SQLite and blob files) in a temporary directory, with one bucket, "bucket", and a
/// random master key for SSE-S3.
/// </summary>
internal sealed class EngineOnDisk : IAsyncLifetime
{
    public static readonly BucketName Bucket = BucketName.TryParse("bucket", out var name) ? name.Value : throw new InvalidOperationException();

    private readonly TempDirectory _directory = new();
    private SqliteMetadataStore? _metadata;
    private FileSystemBlobStore? _blobs;
    private ObjectEngine? _objects;
    private MultipartEngine? _multipart;
    private BucketEngine? _buckets;
    private MasterKeyring? _masterKeys;

    public string DatabasePath => Path.Combine(_directory.Path, "metadata.db");

    public string BlobRoot => Path.Combine(_directory.Path, "blobs");

    public SqliteMetadataStore Metadata => _metadata ?? throw new InvalidOperationException();

    public FileSystemBlobStore Blobs => _blobs ?? throw new InvalidOperationException();

    public ObjectEngine Objects => _objects ?? throw new InvalidOperationException();

    public MultipartEngine Multipart => _multipart ?? throw new InvalidOperationException();

    public BucketEngine Buckets => _buckets ?? throw new InvalidOperationException();

    /// <summary>The master key's bytes, for a test that rotates it.</summary>
    public byte[] MasterKey { get; } = RandomNumberGenerator.GetBytes(MasterKeyring.KeySize);

    public MasterKeyring MasterKeys => _masterKeys ??= new(MasterKey);

    public async Task InitializeAsync()
    {
        _metadata = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        _blobs = new FileSystemBlobStore(BlobRoot);
        var releaser = new BlobReleaser(_metadata, _blobs);
        _objects = new ObjectEngine(_metadata, _blobs, releaser, TimeProvider.System, new BlobSealing(MasterKeys));
        _multipart = new MultipartEngine(_metadata, _blobs, releaser, _objects, TimeProvider.System);
        _buckets = new BucketEngine(_metadata, TimeProvider.System);
        await _buckets.CreateAsync(Bucket, "us-east-1", "owner", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_metadata is not null)
        {
            await _metadata.DisposeAsync();
        }

        MasterKeys.Dispose();
        _directory.Dispose();
    }

    /// <summary>Every file under the temporary directory (database, WAL, blobs) holds none of <paramref name="marker"/>'s bytes.</summary>
    public bool AnyFileContains(byte[] marker) =>
        Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories)
            .Any(file => File.ReadAllBytes(file).AsSpan().IndexOf(marker) >= 0);

    public static ObjectKey Key(string key) => ObjectKey.TryParse(key, out var parsed) ? parsed.Value : throw new ArgumentException(key);

    /// <summary>Bytes that depend only on <paramref name="seed"/>, so a test can make them again to compare.</summary>
    public static byte[] Content(int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        return content;
    }

    /// <summary>The bytes [offset, offset + length) of the key's latest version, as a GET serves them.</summary>
    public async Task<byte[]> ReadAsync(string key, long offset, long length)
    {
        using var opened = await Objects.OpenAsync(Bucket, Key(key), CancellationToken.None);
        var read = new MemoryStream();
        await opened.CopyRangeToAsync(read, offset, length, CancellationToken.None);
        return read.ToArray();
    }

    /// <summary>A PUT of declared length, so a small body is kept inline.</summary>
    public Task<ObjectInfo> PutAsync(string key, byte[] content) =>
        Objects.PutAsync(new PutObjectRequest { Bucket = Bucket, Key = Key(key), DeclaredLength = content.Length }, new MemoryStream(content), CancellationToken.None);

    /// <summary>A PUT of declared length with SSE-S3, so its blob (inline when small) is sealed under the master key.</summary>
    public Task<ObjectInfo> PutSealedAsync(string key, byte[] content) => Objects.PutAsync(
        new PutObjectRequest
        {
            Bucket = Bucket,
            Key = Key(key),
            DeclaredLength = content.Length,
            Attributes = new ObjectAttributes { Encryption = ObjectEncryption.SseS3 },
        },
        new MemoryStream(content),
        CancellationToken.None);
}
