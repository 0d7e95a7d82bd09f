using Coffer.Engine.Model;
using Coffer.Engine.Ports;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// <see cref="IBucketTransaction"/> on a writer's connection, inside the REPEATABLE READ transaction the writer runs the
/// work in. It decides nothing; the engine's bucket rules do. A version or an upload written into the bucket at the same
/// moment collides with the bucket's removal through its foreign key, and the writer runs the loser again.
/// </summary>
internal sealed class PostgresBucketTransaction(NpgsqlConnection connection, string bucket, DateTimeOffset now) : IBucketTransaction
{
    public string Bucket => bucket;

    public bool Exists() => BucketRows.Exists(connection, bucket);

    public bool HasVersions() => BucketRows.HasVersions(connection, bucket);

    public IReadOnlyList<BlobId> RemoveUploads() => UploadRows.DeleteAllOfBucket(connection, bucket);

    public void Remove() => BucketRows.Delete(connection, bucket);

    public IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates) => BlobReferences.ReleaseUnreferenced(connection, candidates, now);
}
