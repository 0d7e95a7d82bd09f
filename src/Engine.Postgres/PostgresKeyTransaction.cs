using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// <see cref="IKeyTransaction"/> on a writer's connection, inside the REPEATABLE READ transaction the writer runs the work
/// in: each method is a statement or two, synchronous (the work is). It decides nothing; the engine's rules do.
/// </summary>
/// <param name="bucketRow">The bucket's row, read at most once for all the key transactions of one unit of work.</param>
internal sealed class PostgresKeyTransaction(NpgsqlConnection connection, Lazy<BucketInfo?> bucketRow, string bucket, string key, DateTimeOffset now)
    : IKeyTransaction
{
    private readonly byte[] _key = KeyBytes.Encode(key);

    public string Bucket => bucket;

    public string Key => key;

    /// <summary>A lazy read of the bucket's row: no key transaction changes it, so the first read holds for a unit of work.</summary>
    public static Lazy<BucketInfo?> BucketRowOnce(NpgsqlConnection connection, string bucket) =>
        new(() => BucketRows.Find(bucket).First(connection), LazyThreadSafetyMode.None);

    public BucketInfo? FindBucket() => bucketRow.Value;

    public StoredVersion? FindLatest() => VersionRows.FindLatestStored(connection, bucket, _key);

    public StoredVersion? Find(string versionId) => VersionRows.FindStored(connection, bucket, _key, versionId);

    public StoredVersion? FindNewest() => VersionRows.FindNewestStored(connection, bucket, _key);

    public StoredVersion? FindNewestAsOf(DateTimeOffset instant) => VersionRows.FindNewestStoredAsOf(connection, bucket, _key, instant);

    public ObjectInfo Read(StoredVersion version) =>
        VersionRow.Versions(VersionRows.ByRow(bucket, version.Handle).Rows(connection)) is [var found]
            ? found
            : throw new InvalidOperationException($"No version row {version.Handle}.");

    public StoredVersion InsertLatest(ObjectInfo version) =>
        StoredVersion.Of(version with { IsLatest = true }, VersionRows.InsertLatest(connection, version, _key));

    public void SetLatest(StoredVersion version, bool isLatest) => VersionRows.Update(connection, version.Handle, "is_latest = $2", isLatest);

    public IReadOnlyList<BlobId> Remove(StoredVersion version)
    {
        var blobs = VersionRows.BlobsOf(connection, version.Handle);
        VersionRows.Delete(connection, version.Handle);
        return blobs;
    }

    public void SetAcl(StoredVersion version, string? acl) => VersionRows.Update(connection, version.Handle, "acl = $2", acl);

    public void SetTags(StoredVersion version, TagSet tags) => VersionRows.Update(connection, version.Handle, "tags = $2", TagsDocument.ToStored(tags));

    public void SetRetention(StoredVersion version, ObjectRetention? retention) => VersionRows.Update(
        connection,
        version.Handle,
        "retention_mode = $2, retain_until = $3",
        retention is null ? null : RetentionModeNames.ToStored(retention.Mode),
        retention?.RetainUntil.Millis());

    public void SetLegalHold(StoredVersion version, LegalHoldStatus legalHold) =>
        VersionRows.Update(connection, version.Handle, "legal_hold = $2", legalHold == LegalHoldStatus.On);

    public IReadOnlyList<BlobId> SetRestore(StoredVersion version, ArchiveRestore? restore) => RestoreRows.Set(connection, version.Handle, restore);

    public void SetTiering(StoredVersion version, TieringState? state) => RestoreRows.SetTiering(connection, version.Handle, state);

    public IReadOnlyList<BlobId> MoveSegments(StoredVersion version, string storageClass, IReadOnlyList<BlobSegment> segments) =>
        VersionRows.MoveSegments(connection, version.Handle, storageClass, segments);

    public bool IsReferenced(BlobId blob) => BlobReferences.IsReferenced(connection, blob);

    public StoredUpload? FindUpload(string uploadId) =>
        UploadRows.Find(bucket, key, uploadId).Rows(connection) is [var (row, upload)]
            ? new StoredUpload(row, upload, UploadRows.PartBlobs(connection, row))
            : null;

    public OpenUpload? FindOpenUpload(string uploadId) =>
        UploadRows.Find(bucket, key, uploadId).Rows(connection) is [var (row, upload)] ? new OpenUpload(row, upload) : null;

    public BlobId? PutPart(OpenUpload upload, PartInfo part) => UploadRows.UpsertPart(connection, upload.Handle, part);

    public void RemoveUpload(StoredUpload upload) => UploadRows.Delete(connection, upload.Handle);

    public IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates) => BlobReferences.ReleaseUnreferenced(connection, candidates, now);
}
