using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// <see cref="IKeyTransaction"/> over the writer's session: each method is one or two statements inside the
/// transaction the writer runs the work in. It decides nothing; the engine's rules do.
/// </summary>
/// <param name="bucketRow">The bucket's row, shared by the key transactions of one unit of work.</param>
internal sealed class SqliteKeyTransaction(SqliteSession session, BucketRowOnce bucketRow, string bucket, string key, DateTimeOffset now) : IKeyTransaction
{
    private readonly byte[] _key = KeyBytes.Encode(key);

    public SqliteKeyTransaction(SqliteSession session, string bucket, string key, DateTimeOffset now)
        : this(session, new BucketRowOnce(session, bucket), bucket, key, now)
    {
    }

    public string Bucket => bucket;

    public string Key => key;

    public BucketInfo? FindBucket() => bucketRow.Find();

    public StoredVersion? FindLatest() => VersionRows.FindLatestStored(session, bucket, _key);

    public StoredVersion? Find(string versionId) => VersionRows.FindStored(session, bucket, _key, versionId);

    public StoredVersion? FindNewest() => VersionRows.FindNewestStored(session, bucket, _key);

    public StoredVersion? FindNewestAsOf(DateTimeOffset instant) => VersionRows.FindNewestStoredAsOf(session, bucket, _key, instant);

    public ObjectInfo Read(StoredVersion version) => VersionRows.ReadRow(session, bucket, version.Handle);

    public StoredVersion InsertLatest(ObjectInfo version)
    {
        var row = VersionRows.InsertLatest(session, version, _key);
        return StoredVersion.Of(version with { IsLatest = true }, row);
    }

    public void SetLatest(StoredVersion version, bool isLatest) => VersionRows.Update(session, version.Handle, "is_latest", isLatest);

    public IReadOnlyList<BlobId> Remove(StoredVersion version)
    {
        var blobs = VersionRows.BlobsOf(session, version.Handle);
        VersionRows.Delete(session, version.Handle);
        return blobs;
    }

    public void SetAcl(StoredVersion version, string? acl) => VersionRows.Update(session, version.Handle, "acl", acl);

    public void SetTags(StoredVersion version, TagSet tags) => VersionRows.Update(session, version.Handle, "tags", TagsDocument.ToStored(tags));

    public void SetRetention(StoredVersion version, ObjectRetention? retention) => VersionRows.SetRetention(session, version.Handle, retention);

    public void SetLegalHold(StoredVersion version, LegalHoldStatus legalHold) =>
        VersionRows.Update(session, version.Handle, "legal_hold", legalHold == LegalHoldStatus.On);

    public IReadOnlyList<BlobId> SetRestore(StoredVersion version, ArchiveRestore? restore) => RestoreColumns.Set(session, version.Handle, restore);

    public void SetTiering(StoredVersion version, TieringState? state) => TieringColumns.Set(session, version.Handle, state);

    public IReadOnlyList<BlobId> MoveSegments(StoredVersion version, string storageClass, IReadOnlyList<BlobSegment> segments) =>
        VersionRows.MoveSegments(session, version.Handle, storageClass, segments);

    public bool IsReferenced(BlobId blob) => BlobReferences.IsReferenced(session, blob);

    public StoredUpload? FindUpload(string uploadId) =>
        UploadRows.Find(session, bucket, key, uploadId) is { } found
            ? new StoredUpload(found.Row, found.Upload, PartRows.Blobs(session, found.Row))
            : null;

    public OpenUpload? FindOpenUpload(string uploadId) =>
        UploadRows.Find(session, bucket, key, uploadId) is { } found ? new OpenUpload(found.Row, found.Upload) : null;

    public BlobId? PutPart(OpenUpload upload, PartInfo part) => PartRows.Upsert(session, upload.Handle, part);

    public void RemoveUpload(StoredUpload upload) => UploadRows.Delete(session, upload.Handle);

    public IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates) => BlobReferences.ReleaseUnreferenced(session, candidates, now);
}
