using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

// IMetadataStore: writes go to the writers (PostgresWriters: REPEATABLE READ, grouped, run again on a race); reads are one
// statement each on a pooled connection, or one REPEATABLE READ READ ONLY transaction where the contract promises one
// snapshot over several statements. PostgreSQL features relied on here: bytea comparison, partial and DESC indexes,
// WITH RECURSIVE, LATERAL, ARRAY(subquery), multi-argument unnest, row-value comparison, ON CONFLICT, savepoints.
public sealed partial class PostgresMetadataStore : IMetadataStore
{
    // ---- Buckets

    public Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken) =>
        WriteAsync(connection => BucketRows.Insert(connection, bucket), cancellationToken);

    public Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => BucketRows.Find(name).FirstAsync(connection, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(connection => BucketRows.All().RowsAsync(connection, cancellationToken), cancellationToken);

    public Task<bool> UpdateBucketAsync(string name, Func<BucketInfo, BucketInfo> change, CancellationToken cancellationToken) =>
        WriteAsync(
            connection =>
            {
                if (BucketRows.Find(name).First(connection) is not { } bucket)
                {
                    return false;
                }

                BucketRows.UpdateConfiguration(connection, change(bucket) with { Name = name });
                return true;
            },
            cancellationToken);

    // ---- Bucket settings

    public Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        ReadAsync(connection => BucketRows.FindSetting(bucket, name).FirstAsync(connection, cancellationToken), cancellationToken);

    public Task<CommitStatus> PutBucketSettingAsync(string bucket, string name, string document, CancellationToken cancellationToken) =>
        WriteInBucketAsync(bucket, connection => BucketRows.PutSetting(connection, bucket, name, document), cancellationToken);

    public Task<CommitStatus> DeleteBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        WriteInBucketAsync(bucket, connection => BucketRows.DeleteSetting(connection, bucket, name), cancellationToken);

    // ---- Objects

    public async Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken) =>
        VersionRow.Versions(await ReadAsync(
            connection => VersionRows.Latest(bucket, KeyBytes.Encode(key)).RowsAsync(connection, cancellationToken), cancellationToken)) is [var found]
            ? found
            : null;

    public async Task<ObjectInfo?> GetVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken) =>
        VersionRow.Versions(await ReadAsync(
            connection => VersionRows.Version(bucket, KeyBytes.Encode(key), versionId).RowsAsync(connection, cancellationToken), cancellationToken)) is [var found]
            ? found
            : null;

    public Task<T> WriteBucketAsync<T>(string bucket, Func<IBucketTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        WriteAsync(connection => work(new PostgresBucketTransaction(connection, bucket, DateTimeOffset.UtcNow)), keep, cancellationToken);

    public Task<T> WriteKeyAsync<T>(string bucket, string key, Func<IKeyTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        _writers.EnqueueAsync(writer => work(new PostgresKeyTransaction(writer, new BucketRowOnce(bucket), key, DateTimeOffset.UtcNow)), keep, cancellationToken);

    public Task<IReadOnlyList<T>> WriteKeysAsync<T>(string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, CancellationToken cancellationToken) =>
        _writers.EnqueueAsync<IReadOnlyList<T>>(writer => KeyWriteBatch.Run(writer, bucket, writes, keep, DateTimeOffset.UtcNow), static _ => true, cancellationToken);

    public async Task<IReadOnlyList<ObjectInfo>> ScanAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        var query = ListingQueries.Latest(bucket, KeyRange.For(after.Span, inclusive, prefix.Span), limit);
        return VersionRow.Versions(await ReadAsync(connection => query.RowsAsync(connection, cancellationToken), cancellationToken));
    }

    public async Task<IReadOnlyList<ScanEntry>> ScanGroupedAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (delimiter.IsEmpty)
        {
            throw new ArgumentException("A grouped scan needs a delimiter.", nameof(delimiter));
        }

        if (limit == 0)
        {
            return [];
        }

        var query = ListingQueries.Grouped(bucket, KeyRange.For(after.Span, inclusive, prefix.Span), prefix.Length, delimiter.ToArray(), limit);
        return VersionRow.Entries(await ReadAsync(connection => query.RowsAsync(connection, cancellationToken), cancellationToken));
    }

    public Task<IReadOnlyList<ScanEntry>> ScanVersionsAsync(
        string bucket, ReadOnlyMemory<byte> afterKey, string? afterVersionId, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return limit == 0
            ? Task.FromResult<IReadOnlyList<ScanEntry>>([])
            : ReadSnapshotAsync<IReadOnlyList<ScanEntry>>(
                connection => VersionScan.RunAsync(connection, bucket, afterKey, afterVersionId, prefix, delimiter, limit, cancellationToken),
                cancellationToken);
    }

    public async Task<IReadOnlyList<RestoreDue>> ListRestoresDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await ReadAsync(connection => RestoreRows.Due(now, limit).RowsAsync(connection, cancellationToken), cancellationToken);

    // ---- Multipart uploads

    public Task<CommitStatus> CreateUploadAsync(UploadInfo upload, CancellationToken cancellationToken) =>
        WriteInBucketAsync(upload.Bucket, connection => UploadRows.Insert(connection, upload), cancellationToken);

    public async Task<UploadInfo?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        await ReadAsync(connection => UploadRows.Find(bucket, key, uploadId).RowsAsync(connection, cancellationToken), cancellationToken) is [var found]
            ? found.Upload
            : null;

    public async Task<IReadOnlyList<PartInfo>> ListPartsAsync(
        string bucket, string key, string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        var query = UploadRows.PartsAfter(bucket, key, uploadId, afterPartNumber, limit);
        return await ReadAsync(connection => query.RowsAsync(connection, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<UploadInfo>> ListUploadsAsync(
        string bucket, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> afterKey, string? afterUploadId, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        var query = UploadRows.Page(bucket, prefix.Span, afterKey.Span, afterUploadId, limit);
        return (await ReadAsync(connection => query.RowsAsync(connection, cancellationToken), cancellationToken)).ConvertAll(found => found.Upload);
    }

    public async Task<IReadOnlyList<UploadInfo>> ListAbandonedUploadsAsync(DateTimeOffset initiatedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var query = UploadRows.InitiatedBefore(initiatedBefore, limit);
        return (await ReadAsync(connection => query.RowsAsync(connection, cancellationToken), cancellationToken)).ConvertAll(found => found.Upload);
    }

    // ---- Blob bookkeeping

    public async Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(connection => BlobReferences.Pending(limit).RowsAsync(connection, cancellationToken), cancellationToken);
    }

    public Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken) =>
        WriteAsync(
            connection =>
            {
                BlobReferences.Forget(connection, blobs);
                return true;
            },
            cancellationToken);

    public Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken) =>
        ReadAsync(connection => BlobReferences.IsKnown(blob).FirstAsync(connection, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) =>
        await ReadSnapshotAsync(connection => IntegrityCheck.RunAsync(connection, cancellationToken), cancellationToken);

    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, T> work, CancellationToken cancellationToken) =>
        WriteAsync(work, static _ => true, cancellationToken);

    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        _writers.EnqueueAsync(writer => work(writer.Connection), keep, cancellationToken);

    /// <summary>Runs <paramref name="change"/> when the bucket exists; NoSuchBucket (and nothing changed) otherwise.</summary>
    private Task<CommitStatus> WriteInBucketAsync(string bucket, Action<NpgsqlConnection> change, CancellationToken cancellationToken) =>
        WriteAsync(
            connection =>
            {
                if (!BucketRows.Exists(connection, bucket))
                {
                    return CommitStatus.NoSuchBucket;
                }

                change(connection);
                return CommitStatus.Committed;
            },
            static status => status == CommitStatus.Committed,
            cancellationToken);

    private Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken) =>
        DatabaseUnavailable.TranslateAsync(async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await read(connection);
        });

    private Task<T> ReadSnapshotAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken) =>
        _dataSource.ReadSnapshotAsync(read, cancellationToken);
}
