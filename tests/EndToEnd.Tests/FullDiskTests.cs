using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;
using Coffer.TestKit.Faults;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// A data directory (blobs and the SQLite database) on a 16 MiB tmpfs that really fills up. A write that does not fit
/// is refused with 507 XCofferStorageFull and leaves nothing behind, what was stored stays readable, the server keeps
/// serving, and writes work again once objects are deleted. Where tmpfs cannot be mounted (not root), the blob-store
/// scenario runs on the real file system through a fault-injecting store that plays a 16 MiB disk; the database
/// scenario then runs through a fault-injecting metadata store (see FaultMatrixTests for the full matrix).
/// </summary>
public sealed class FullDiskTests
{
    private const int MiB = 1024 * 1024;
    private const int DiskMiB = 16;

    [Fact]
    public async Task PutObjectAndUploadPart_DiskFull_507StorageFullLeaveNothingAndWritesWorkAgainOnceSpaceIsFreed()
    {
        await using var disk = await SmallFileSystem.TryMountAsync(DiskMiB);
        using var fallbackDirectory = disk is null ? new TempDirectory("coffer-full-disk-") : null;
        var server = disk is not null
            ? CofferServer.On(disk.Path)
            : CofferServer.On(fallbackDirectory!.Path, blobs => new FaultyBlobStore(blobs, new FaultPlan()) { CapacityBytes = DiskMiB * MiB });
        await server.InitializeAsync();
        try
        {
            using var client = server.CreateClient(retries: false);
            var bucket = CofferServer.UniqueBucket("full");
            await client.PutBucketAsync(bucket);
            var kept = new Dictionary<string, byte[]>();
            for (var i = 0; i < 3; i++)
            {
                kept[$"kept-{i}"] = RandomNumberGenerator.GetBytes(MiB);
                await PutAsync(client, bucket, $"kept-{i}", kept[$"kept-{i}"]);
            }

            // 1. A PUT larger than the whole disk: refused, nothing of it left, the rest intact.
            AssertStorageFull(await Refusal(() => PutAsync(client, bucket, "too-big", RandomNumberGenerator.GetBytes(24 * MiB))));
            AssertNoTemporaryBlobs(server);
            Assert.Equal(HttpStatusCode.NotFound, (await Refusal(() => client.GetObjectMetadataAsync(bucket, "too-big"))).StatusCode);
            await AssertReadableAsync(client, bucket, kept);

            // 2. The same for a part of a multipart upload: refused, and no part recorded.
            var upload = await client.InitiateMultipartUploadAsync(bucket, "multipart");
            AssertStorageFull(await Refusal(() => client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = "multipart",
                UploadId = upload.UploadId,
                PartNumber = 1,
                InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(24 * MiB)),
            })));
            AssertNoTemporaryBlobs(server);
            Assert.Empty((await client.ListPartsAsync(bucket, "multipart", upload.UploadId)).Parts ?? []);
            await client.AbortMultipartUploadAsync(bucket, "multipart", upload.UploadId);

            // 3. Fill the disk one MiB at a time until a PUT is refused; every earlier PUT stays readable.
            var filled = await FillAsync(client, bucket, "fill-", MiB);
            Assert.NotEmpty(filled);
            AssertNoTemporaryBlobs(server);
            await AssertReadableAsync(client, bucket, kept);

            // 4. Deleting frees the space at once (a deleted object's blob is removed before DeleteObject answers).
            foreach (var key in filled.Keys)
            {
                await client.DeleteObjectAsync(bucket, key);
            }

            var after = RandomNumberGenerator.GetBytes(2 * MiB);
            await PutAsync(client, bucket, "after", after);
            await AssertReadableAsync(client, bucket, new Dictionary<string, byte[]>(kept) { ["after"] = after });
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task PutObject_MetadataDatabaseCannotGrow_507StorageFullServerKeepsServingAndWritesWorkAgainOnceSpaceIsFreed()
    {
        await using var disk = await SmallFileSystem.TryMountAsync(DiskMiB);
        if (disk is null)
        {
            await FullDatabaseFallback.InlinePutThroughFullMetadataStoreAsync();
            return;
        }

        var server = CofferServer.On(disk.Path);
        await server.InitializeAsync();
        try
        {
            using var client = server.CreateClient(retries: false);
            var bucket = CofferServer.UniqueBucket("full-db");
            await client.PutBucketAsync(bucket);
            var kept = new Dictionary<string, byte[]> { ["kept"] = RandomNumberGenerator.GetBytes(MiB) };
            await PutAsync(client, bucket, "kept", kept["kept"]);

            // 1. Blobs take the disk down to its last few KiB; then objects of at most 64 KiB, which are kept inline in
            //    the database, go on until the database cannot grow: its COMMIT fails with SQLITE_FULL.
            var filled = await FillAsync(client, bucket, "blob-", MiB);
            foreach (var (key, content) in await FillAsync(client, bucket, "small-blob-", 96 * 1024))
            {
                filled[key] = content;
            }

            foreach (var (key, content) in await FillAsync(client, bucket, "inline-", 60 * 1024))
            {
                filled[key] = content;
            }

            Assert.Contains(server.Logs.Lines, line => line.Contains("metadata database has no space left", StringComparison.Ordinal));

            // 2. The server keeps serving: reads, listings, and everything acknowledged reads back.
            await AssertReadableAsync(client, bucket, kept);
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1000 });
            Assert.Equal(filled.Keys.Append("kept").Order(StringComparer.Ordinal), listed.S3Objects.Select(o => o.Key));

            // 3. Deletes are database writes too, and must get through on the full disk, or no space could ever be freed.
            foreach (var key in filled.Keys.Where(key => key.StartsWith("blob-", StringComparison.Ordinal)))
            {
                await client.DeleteObjectAsync(bucket, key);
            }

            var inline = RandomNumberGenerator.GetBytes(60 * 1024);
            await PutAsync(client, bucket, "inline-after", inline);
            await AssertReadableAsync(client, bucket, new Dictionary<string, byte[]>(kept) { ["inline-after"] = inline });
            AssertNoTemporaryBlobs(server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, byte[]>> FillAsync(AmazonS3Client client, string bucket, string prefix, int size)
    {
        var filled = new Dictionary<string, byte[]>();
        for (var i = 0; i < 200; i++)
        {
            var content = RandomNumberGenerator.GetBytes(size);
            var refused = await RefusalIfAny(() => PutAsync(client, bucket, prefix + i, content));
            if (refused is not null)
            {
                AssertStorageFull(refused);
                Assert.Equal(HttpStatusCode.NotFound, (await Refusal(() => client.GetObjectMetadataAsync(bucket, prefix + i))).StatusCode);
                return filled;
            }

            filled[prefix + i] = content;
        }

        throw new InvalidOperationException($"The disk never filled up after {filled.Count} PUTs of {size} bytes.");
    }

    private static Task<PutObjectResponse> PutAsync(AmazonS3Client client, string bucket, string key, byte[] content) =>
        client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content) });

    private static async Task<AmazonS3Exception> Refusal(Func<Task> call) =>
        await RefusalIfAny(call) ?? throw new Xunit.Sdk.XunitException("The request was expected to be refused, and it succeeded.");

    private static async Task<AmazonS3Exception?> RefusalIfAny(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (AmazonS3Exception refused)
        {
            return refused;
        }
    }

    private static void AssertStorageFull(AmazonS3Exception refused)
    {
        Assert.Equal(507, (int)refused.StatusCode);
        Assert.Equal("XCofferStorageFull", refused.ErrorCode);
    }

    private static void AssertNoTemporaryBlobs(CofferServer server) =>
        Assert.Empty(Directory.GetFiles(Path.Combine(server.DataDirectory, "blobs", "tmp")));

    private static async Task AssertReadableAsync(AmazonS3Client client, string bucket, IReadOnlyDictionary<string, byte[]> objects)
    {
        foreach (var (key, content) in objects)
        {
            using var response = await client.GetObjectAsync(bucket, key);
            var read = new MemoryStream();
            await response.ResponseStream.CopyToAsync(read);
            Assert.True(content.AsSpan().SequenceEqual(read.ToArray()), $"{key} does not read back as written");
        }
    }
}
