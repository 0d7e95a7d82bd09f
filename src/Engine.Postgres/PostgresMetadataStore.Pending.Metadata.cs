using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Postgres;

// Placeholders while the store is built; each is replaced by its implementation, and this file goes when none is left.
public sealed partial class PostgresMetadataStore : IMetadataStore
{
    public Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<DeleteBucketOutcome> DeleteBucketAsync(string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> UpdateBucketAsync(string name, Func<BucketInfo, BucketInfo> change, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<CommitStatus> PutBucketSettingAsync(string bucket, string name, string document, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<CommitStatus> DeleteBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ObjectInfo?> GetVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<T> WriteKeyAsync<T>(string bucket, string key, Func<IKeyTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<T>> WriteKeysAsync<T>(string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<ObjectInfo>> ScanAsync(string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<ScanEntry>> ScanGroupedAsync(string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<ScanEntry>> ScanVersionsAsync(string bucket, ReadOnlyMemory<byte> afterKey, string? afterVersionId, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<RestoreDue>> ListRestoresDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<CommitStatus> CreateUploadAsync(UploadInfo upload, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<UploadInfo?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<CommitOutcome> PutPartAsync(string bucket, string key, string uploadId, PartInfo part, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<PartInfo>> ListPartsAsync(string bucket, string key, string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<UploadInfo>> ListUploadsAsync(string bucket, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<CommitOutcome> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<UploadInfo>> ListAbandonedUploadsAsync(DateTimeOffset initiatedBefore, int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
