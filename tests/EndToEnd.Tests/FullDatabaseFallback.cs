using System.Security.Cryptography;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Sqlite;
using Coffer.S3.Errors;
using Coffer.TestKit;
using Coffer.TestKit.Faults;

namespace Coffer.EndToEnd.Tests;

/// <summary>What <see cref="FullDiskTests"/> runs about the database where no small file system can be mounted.</summary>
internal static class FullDatabaseFallback
{
    /// <summary>
    /// Without a small file system the database cannot be filled for real: the same inline PUT goes through the
    /// engine over the real SQLite store, whose commit a fault-injecting decorator refuses as a full disk does.
    /// </summary>
    public static async Task InlinePutThroughFullMetadataStoreAsync()
    {
        using var directory = new TempDirectory("coffer-full-db-");
        await using var database = await SqliteMetadataStore.OpenAsync(Path.Combine(directory.Path, "metadata.db"), CancellationToken.None);
        var plan = new FaultPlan();
        var metadata = new FaultyMetadataStore(database, plan);
        var blobs = new FileSystemBlobStore(Path.Combine(directory.Path, "blobs"));
        var objects = new ObjectEngine(metadata, blobs, new BlobReleaser(metadata, blobs), TimeProvider.System);
        var bucket = BucketName.TryParse("full-db", out var name) ? name.Value : throw new InvalidOperationException();
        var key = ObjectKey.TryParse("inline", out var parsed) ? parsed.Value : throw new InvalidOperationException();
        await new BucketEngine(metadata, TimeProvider.System).CreateAsync(bucket, CofferServer.Region, "root", CancellationToken.None);
        var kept = RandomNumberGenerator.GetBytes(60 * 1024);
        Task<ObjectInfo> PutInlineAsync(byte[] content) => objects.PutAsync(
            new PutObjectRequest { Bucket = bucket, Key = key, DeclaredLength = content.Length }, new MemoryStream(content), CancellationToken.None);
        await PutInlineAsync(kept);

        plan.Arm(FaultPoint.WriteKey, FaultKind.NoSpace);
        var refused = await Assert.ThrowsAsync<EngineException>(() => PutInlineAsync(RandomNumberGenerator.GetBytes(60 * 1024)));

        Assert.Equal(S3Error.StorageFull, EngineErrors.ToS3(refused).Error);
        Assert.Equal(kept, await ReadAsync(objects, bucket, key));
        var after = RandomNumberGenerator.GetBytes(60 * 1024);
        await PutInlineAsync(after);
        Assert.Equal(after, await ReadAsync(objects, bucket, key));
    }

    private static async Task<byte[]> ReadAsync(ObjectEngine objects, BucketName bucket, ObjectKey key)
    {
        using var opened = await objects.OpenAsync(bucket, key, CancellationToken.None);
        var output = new MemoryStream();
        await opened.CopyRangeToAsync(output, 0, opened.Info.Size, CancellationToken.None);
        return output.ToArray();
    }

}
