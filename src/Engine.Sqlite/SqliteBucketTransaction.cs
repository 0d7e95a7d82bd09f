using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// <see cref="IBucketTransaction"/> on the writer's session, inside the IMMEDIATE transaction the writer runs the work
/// in. It decides nothing; the engine's bucket rules do.
/// </summary>
internal sealed class SqliteBucketTransaction(SqliteSession session, string bucket, DateTimeOffset now) : IBucketTransaction
{
    public string Bucket => bucket;

    public bool Exists() => BucketRows.Exists(session, bucket);

    public bool HasVersions() => BucketRows.HasVersions(session, bucket);

    public IReadOnlyList<BlobId> RemoveUploads()
    {
        var blobs = UploadRows.PartBlobsOfBucket(session, bucket);
        UploadRows.DeleteAllOfBucket(session, bucket);
        return blobs;
    }

    public void Remove()
    {
        BucketSettingRows.DeleteAllOfBucket(session, bucket);
        BucketRows.Delete(session, bucket);
    }

    public IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates) => BlobReferences.ReleaseUnreferenced(session, candidates, now);
}
