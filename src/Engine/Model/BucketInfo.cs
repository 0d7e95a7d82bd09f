namespace Coffer.Engine.Model;

/// <summary>
/// A bucket and the configuration the engine acts on when it writes (versioning, object lock, default encryption).
/// Typed and kept with the bucket's row, so that a write reads it inside its own transaction: a PutBucketVersioning
/// cannot slip between the read of the state and the write that obeys it.
/// </summary>
public sealed record BucketInfo(string Name, string Region, string Owner, DateTimeOffset CreatedAt)
{
    public BucketVersioning Versioning { get; init; } = BucketVersioning.Unversioned;

    /// <summary>Null when object lock is off, as it is unless the bucket was created with it or had it turned on.</summary>
    public ObjectLockConfiguration? ObjectLock { get; init; }

    /// <summary>Null when the bucket has no encryption configuration: objects are stored as written, and SSE-C is not blocked.</summary>
    public BucketEncryption? Encryption { get; init; }
}
