using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

namespace Coffer.Engine.Postgres;

/// <summary>
/// <see cref="IKeyTransaction"/> on a writer's connection, inside the REPEATABLE READ transaction the writer runs the work
/// in. It decides nothing; the engine's rules do. Its statements are synchronous (the work is), and as few round trips
/// as the rules allow (<see cref="WriterConnection"/>):
/// <list type="bullet">
/// <item>the first read of the bucket or of the key's latest version reads both, and that version's blobs: the usual
/// write needs all three, and a PUT that replaces the version releases its blobs;</item>
/// <item>changes whose results nobody reads (a version's insert, delete or new attributes) are held and go with the next
/// read, or with the write's end.</item>
/// </list>
/// </summary>
internal sealed class PostgresKeyTransaction(WriterConnection writer, BucketRowOnce bucketRow, string key, DateTimeOffset now) : IKeyTransaction
{
    private readonly byte[] _key = KeyBytes.Encode(key);

    // The key's latest version and its blobs as read ahead; good until this transaction changes anything.
    private bool _latestRead;
    private (StoredVersion Version, List<BlobId> Blobs)? _latest;

    public string Bucket => bucketRow.Bucket;

    public string Key => key;

    public BucketInfo? FindBucket()
    {
        if (!bucketRow.IsRead)
        {
            ReadAhead();
        }

        return bucketRow.Row;
    }

    public StoredVersion? FindLatest()
    {
        if (!_latestRead)
        {
            ReadAhead();
        }

        return _latest?.Version;
    }

    public StoredVersion? Find(string versionId) => writer.First(VersionRows.StoredByVersionId(Bucket, _key, versionId));

    public StoredVersion? FindNewest() => writer.First(VersionRows.NewestStored(Bucket, _key));

    public StoredVersion? FindNewestAsOf(DateTimeOffset instant) => writer.First(VersionRows.NewestStoredAsOf(Bucket, _key, instant));

    public ObjectInfo Read(StoredVersion version) =>
        VersionRow.Versions(writer.Rows(VersionRows.ByRow(Bucket, version.Handle))) is [var found]
            ? found
            : throw new InvalidOperationException($"No version row {version.Handle}.");

    public StoredVersion InsertLatest(ObjectInfo version)
    {
        var (row, insert) = VersionRows.InsertLatest(version, _key);
        Hold(insert);
        return StoredVersion.Of(version with { IsLatest = true }, row);
    }

    public void SetLatest(StoredVersion version, bool isLatest) => Hold(VersionRows.Update(version.Handle, "is_latest = $2", isLatest));

    public IReadOnlyList<BlobId> Remove(StoredVersion version)
    {
        var blobs = _latestRead && _latest is { } latest && latest.Version.Handle == version.Handle
            ? latest.Blobs
            : writer.Rows(VersionRows.BlobsOf(version.Handle));
        Hold(VersionRows.Delete(version.Handle));
        return blobs;
    }

    public void SetAcl(StoredVersion version, string? acl) => Hold(VersionRows.Update(version.Handle, "acl = $2", acl));

    public void SetTags(StoredVersion version, TagSet tags) => Hold(VersionRows.Update(version.Handle, "tags = $2", TagsDocument.ToStored(tags)));

    public void SetRetention(StoredVersion version, ObjectRetention? retention) => Hold(VersionRows.Update(
        version.Handle,
        "retention_mode = $2, retain_until = $3",
        retention is null ? null : RetentionModeNames.ToStored(retention.Mode),
        retention?.RetainUntil.Millis()));

    public void SetLegalHold(StoredVersion version, LegalHoldStatus legalHold) =>
        Hold(VersionRows.Update(version.Handle, "legal_hold = $2", legalHold == LegalHoldStatus.On));

    public IReadOnlyList<BlobId> SetRestore(StoredVersion version, ArchiveRestore? restore) =>
        Changed(RestoreRows.Set(writer.Connection, version.Handle, restore));

    public void SetTiering(StoredVersion version, TieringState? state)
    {
        RestoreRows.SetTiering(writer.Connection, version.Handle, state);
        Changed();
    }

    public IReadOnlyList<BlobId> MoveSegments(StoredVersion version, string storageClass, IReadOnlyList<BlobSegment> segments) =>
        Changed(VersionRows.MoveSegments(writer.Connection, version.Handle, storageClass, segments));

    public bool IsReferenced(BlobId blob) => writer.First(BlobReferences.IsReferenced(blob));

    public StoredUpload? FindUpload(string uploadId) =>
        writer.Rows(UploadRows.Find(Bucket, key, uploadId)) is [var (row, upload)]
            ? new StoredUpload(row, upload, UploadRows.PartBlobs(writer.Connection, row))
            : null;

    public OpenUpload? FindOpenUpload(string uploadId) =>
        writer.Rows(UploadRows.Find(Bucket, key, uploadId)) is [var (row, upload)] ? new OpenUpload(row, upload) : null;

    public BlobId? PutPart(OpenUpload upload, PartInfo part) => UploadRows.UpsertPart(writer.Connection, upload.Handle, part);

    public void RemoveUpload(StoredUpload upload) => UploadRows.Delete(writer.Connection, upload.Handle);

    public IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates)
    {
        var distinct = candidates.Distinct().ToList();
        return distinct.Count == 0 ? [] : writer.Rows(BlobReferences.Release(distinct, now));
    }

    /// <summary>The bucket's row (unless read already) and the key's latest version with its blobs, in one round trip.</summary>
    private void ReadAhead()
    {
        var latest = VersionRows.LatestStoredWithBlobs(Bucket, _key);
        List<(StoredVersion, List<BlobId>)> found;
        if (bucketRow.IsRead)
        {
            found = writer.Rows(latest);
        }
        else
        {
            (var buckets, found) = writer.Rows(bucketRow.Query, latest);
            bucketRow.Keep(buckets is [var row, ..] ? row : null);
        }

        _latest = found is [var first, ..] ? first : null;
        _latestRead = true;
    }

    private void Hold(Statement change)
    {
        writer.Hold(change);
        Changed();
    }

    /// <summary>After a change to a version, the latest one read ahead may be stale: the next FindLatest reads it again.</summary>
    private T Changed<T>(T result)
    {
        Changed();
        return result;
    }

    private void Changed() => _latestRead = false;
}
