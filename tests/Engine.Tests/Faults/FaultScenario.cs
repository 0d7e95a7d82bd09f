using System.Security.Cryptography;

using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tests.Faults;

/// <summary>
/// One key with history, and everything an operation on it needs: the key "k" holds a 600 KiB blob (more than one
/// 512 KiB read chunk), "k2" a small inline object, "src" a 300 KiB blob to copy from, and an open multipart upload
/// of "k" with one 10 KiB part. Every operation of <see cref="Operation"/> writes to "k" (or reads it).
/// </summary>
internal sealed class FaultScenario
{
    private readonly FaultyStores _stores;

    private FaultScenario(FaultyStores stores) => _stores = stores;

    public const string Key = "k";
    public const string SecondKey = "k2";
    private const string SourceKey = "src";

    private static readonly CancellationToken None = CancellationToken.None;

    public byte[] Old { get; } = RandomNumberGenerator.GetBytes(600 * 1024);

    public byte[] NewInline { get; } = RandomNumberGenerator.GetBytes(2 * 1024);

    public byte[] NewStreamed { get; } = RandomNumberGenerator.GetBytes(300 * 1024);

    public byte[] Source { get; } = RandomNumberGenerator.GetBytes(300 * 1024);

    public byte[] FirstPart { get; } = RandomNumberGenerator.GetBytes(10 * 1024);

    public byte[] SecondPart { get; } = RandomNumberGenerator.GetBytes(20 * 1024);

    public string OldETag { get; private set; } = "";

    public UploadInfo Upload { get; private set; } = null!;

    public PartInfo Part1 { get; private set; } = null!;

    public static async Task<FaultScenario> PrepareAsync(FaultyStores stores)
    {
        var scenario = new FaultScenario(stores);
        await scenario.PrepareAsync();
        return scenario;
    }

    private async Task PrepareAsync()
    {
        OldETag = (await _stores.PutStreamedAsync(Key, Old)).ETag;
        await _stores.PutAsync(SecondKey, RandomNumberGenerator.GetBytes(1024));
        await _stores.PutStreamedAsync(SourceKey, Source);
        Upload = await _stores.Multipart.CreateAsync(new CreateUploadRequest { Bucket = FaultyStores.Bucket, Key = KeyOf(Key) }, None);
        Part1 = await UploadPartAsync(1, FirstPart);
    }

    public async Task RunAsync(Operation operation)
    {
        switch (operation)
        {
            case Operation.PutObjectInline:
                await _stores.PutAsync(Key, NewInline);
                break;
            case Operation.PutObjectBlob:
                await _stores.PutStreamedAsync(Key, NewStreamed);
                break;
            case Operation.CopyObject:
                await _stores.Objects.CopyAsync(
                    new CopyObjectRequest { SourceBucket = FaultyStores.Bucket, SourceKey = KeyOf(SourceKey), Bucket = FaultyStores.Bucket, Key = KeyOf(Key) },
                    None);
                break;
            case Operation.CreateMultipartUpload:
                await _stores.Multipart.CreateAsync(new CreateUploadRequest { Bucket = FaultyStores.Bucket, Key = KeyOf(Key) }, None);
                break;
            case Operation.UploadPart:
                await UploadPartAsync(2, SecondPart);
                break;
            case Operation.UploadPartCopy:
                await _stores.Multipart.UploadPartCopyAsync(
                    new UploadPartCopyRequest { Target = Target(2), SourceBucket = FaultyStores.Bucket, SourceKey = KeyOf(SourceKey) },
                    None);
                break;
            case Operation.CompleteMultipartUpload:
                await _stores.Multipart.CompleteAsync(
                    new CompleteUploadRequest
                    {
                        Bucket = FaultyStores.Bucket,
                        Key = KeyOf(Key),
                        UploadId = Upload.UploadId,
                        Parts = [new CompletedPart(1, Part1.ETag)],
                    },
                    None);
                break;
            case Operation.DeleteObject:
                await _stores.Objects.DeleteAsync(FaultyStores.Bucket, KeyOf(Key), WriteCondition.None, None);
                break;
            case Operation.DeleteObjects:
                foreach (var key in new[] { SecondKey, Key })
                {
                    await _stores.Objects.DeleteAsync(FaultyStores.Bucket, KeyOf(key), WriteCondition.None, None);
                }

                break;
            case Operation.GetObject:
                Assert.Equal(Old, await _stores.ReadAsync(Key));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    /// <summary>Asserts that nothing of a failed <paramref name="operation"/> is visible: "k", the upload and its parts are as prepared.</summary>
    public async Task AssertUntouchedAsync(Operation operation)
    {
        Assert.Equal(OldETag, (await _stores.LatestAsync(Key))?.ETag);
        Assert.Equal(Old, await _stores.ReadAsync(Key));

        var parts = await PartsAsync();
        Assert.Equal([(1, Part1.Blob)], parts.Select(part => (part.PartNumber, part.Blob)));
        Assert.Single(await UploadsOfKeyAsync());

        if (operation == Operation.DeleteObjects)
        {
            // The first key's delete came before the fault and stands; only the second failed.
            Assert.Null(await _stores.LatestAsync(SecondKey));
        }
    }

    /// <summary>Asserts the state that <paramref name="operation"/> leaves when it succeeds (or landed).</summary>
    public async Task AssertDoneAsync(Operation operation)
    {
        switch (operation)
        {
            case Operation.PutObjectInline:
                Assert.Equal(NewInline, await _stores.ReadAsync(Key));
                break;
            case Operation.PutObjectBlob:
                Assert.Equal(NewStreamed, await _stores.ReadAsync(Key));
                break;
            case Operation.CopyObject:
                Assert.Equal(Source, await _stores.ReadAsync(Key));
                break;
            case Operation.CreateMultipartUpload:
                Assert.True((await UploadsOfKeyAsync()).Count >= 2);
                break;
            case Operation.UploadPart:
                Assert.Equal([(1, FirstPart.Length), (2, SecondPart.Length)], (await PartsAsync()).Select(part => (part.PartNumber, (int)part.Size)));
                break;
            case Operation.UploadPartCopy:
                Assert.Equal([(1, FirstPart.Length), (2, Source.Length)], (await PartsAsync()).Select(part => (part.PartNumber, (int)part.Size)));
                break;
            case Operation.CompleteMultipartUpload:
                Assert.Equal(FirstPart, await _stores.ReadAsync(Key));
                Assert.Empty(await UploadsOfKeyAsync());
                break;
            case Operation.DeleteObject:
                Assert.Null(await _stores.LatestAsync(Key));
                break;
            case Operation.DeleteObjects:
                Assert.Null(await _stores.LatestAsync(SecondKey));
                Assert.Null(await _stores.LatestAsync(Key));
                break;
            case Operation.GetObject:
                Assert.Equal(Old, await _stores.ReadAsync(Key));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static ObjectKey KeyOf(string key) => EngineUnderTest.Key(key);

    private PartTarget Target(int number) => new(FaultyStores.Bucket, KeyOf(Key), Upload.UploadId, number);

    private Task<PartInfo> UploadPartAsync(int number, byte[] content) =>
        _stores.Multipart.UploadPartAsync(new UploadPartRequest { Target = Target(number), DeclaredLength = content.Length }, new MemoryStream(content), None);

    private Task<IReadOnlyList<PartInfo>> PartsAsync() =>
        _stores.Database.ListPartsAsync(FaultyStores.Bucket.Value, Key, Upload.UploadId, 0, 100, None);

    private async Task<List<UploadInfo>> UploadsOfKeyAsync()
    {
        var uploads = await _stores.Database.ListUploadsAsync(FaultyStores.Bucket.Value, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, null, 100, None);
        return [.. uploads.Where(upload => upload.Key == Key)];
    }
}
