using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.TestKit.Faults;

/// <summary>
/// A metadata store that fails the commits its <see cref="FaultPlan"/> names, around a real one that does the
/// work. <see cref="FaultKind.IoErrorAfterLanding"/> lets the real commit land and then throws, as an fsync error
/// reported after the fact would; the other kinds throw before the real store is called. Reads always pass.
/// </summary>
public sealed class FaultyMetadataStore(IMetadataStore inner, FaultPlan plan) : IMetadataStore
{
    public Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken) =>
        inner.CreateBucketAsync(bucket, cancellationToken);

    public Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken) =>
        inner.GetBucketAsync(name, cancellationToken);

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken) =>
        inner.ListBucketsAsync(cancellationToken);

    public Task<T> WriteBucketAsync<T>(string bucket, Func<IBucketTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        inner.WriteBucketAsync(bucket, work, keep, cancellationToken);

    public Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        inner.GetBucketSettingAsync(bucket, name, cancellationToken);

    public Task<CommitStatus> PutBucketSettingAsync(string bucket, string name, string document, CancellationToken cancellationToken) =>
        inner.PutBucketSettingAsync(bucket, name, document, cancellationToken);

    public Task<CommitStatus> DeleteBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        inner.DeleteBucketSettingAsync(bucket, name, cancellationToken);

    public Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken) =>
        inner.GetLatestAsync(bucket, key, cancellationToken);

    public Task<ObjectInfo?> GetVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken) =>
        inner.GetVersionAsync(bucket, key, versionId, cancellationToken);

    public Task<T> WriteKeyAsync<T>(string bucket, string key, Func<IKeyTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        FailingAsync(FaultPoint.WriteKey, () => inner.WriteKeyAsync(bucket, key, work, keep, cancellationToken));

    public Task<IReadOnlyList<T>> WriteKeysAsync<T>(string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, CancellationToken cancellationToken) =>
        FailingAsync(FaultPoint.WriteKey, () => inner.WriteKeysAsync(bucket, writes, keep, cancellationToken));

    public Task<bool> UpdateBucketAsync(string name, Func<BucketInfo, BucketInfo> change, CancellationToken cancellationToken) =>
        inner.UpdateBucketAsync(name, change, cancellationToken);

    public Task<IReadOnlyList<ObjectInfo>> ScanAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit, CancellationToken cancellationToken) =>
        inner.ScanAsync(bucket, after, inclusive, prefix, limit, cancellationToken);

    public Task<IReadOnlyList<ScanEntry>> ScanGroupedAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken) =>
        inner.ScanGroupedAsync(bucket, after, inclusive, prefix, delimiter, limit, cancellationToken);

    public Task<IReadOnlyList<ScanEntry>> ScanVersionsAsync(
        string bucket, ReadOnlyMemory<byte> afterKey, string? afterVersionId, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken) =>
        inner.ScanVersionsAsync(bucket, afterKey, afterVersionId, prefix, delimiter, limit, cancellationToken);

    public Task<CommitStatus> CreateUploadAsync(UploadInfo upload, CancellationToken cancellationToken) =>
        FailingAsync(FaultPoint.CreateUpload, () => inner.CreateUploadAsync(upload, cancellationToken));

    public Task<UploadInfo?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        inner.GetUploadAsync(bucket, key, uploadId, cancellationToken);

    public Task<IReadOnlyList<PartInfo>> ListPartsAsync(
        string bucket, string key, string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken) =>
        inner.ListPartsAsync(bucket, key, uploadId, afterPartNumber, limit, cancellationToken);

    public Task<IReadOnlyList<UploadInfo>> ListUploadsAsync(
        string bucket, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> afterKey, string? afterUploadId, int limit,
        CancellationToken cancellationToken) =>
        inner.ListUploadsAsync(bucket, prefix, afterKey, afterUploadId, limit, cancellationToken);

    public Task<IReadOnlyList<UploadInfo>> ListAbandonedUploadsAsync(DateTimeOffset initiatedBefore, int limit, CancellationToken cancellationToken) =>
        inner.ListAbandonedUploadsAsync(initiatedBefore, limit, cancellationToken);

    public Task<IReadOnlyList<RestoreDue>> ListRestoresDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        inner.ListRestoresDueAsync(now, limit, cancellationToken);

    public Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken) =>
        inner.PendingBlobDeletionsAsync(limit, cancellationToken);

    public Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken) =>
        FailingAsync(FaultPoint.ForgetBlobDeletions, async () =>
        {
            await inner.ForgetBlobDeletionsAsync(blobs, cancellationToken);
            return true;
        });

    public Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken) =>
        inner.IsBlobKnownAsync(blob, cancellationToken);

    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) =>
        inner.CheckIntegrityAsync(cancellationToken);

    private async Task<T> FailingAsync<T>(FaultPoint point, Func<Task<T>> commit)
    {
        var fault = plan.Take(point);
        if (fault is FaultKind.IoError or FaultKind.NoSpace)
        {
            throw FaultPlan.Failure(point, fault.Value);
        }

        var result = await commit();
        return fault is { } late ? throw FaultPlan.Failure(point, late) : result;
    }
}
