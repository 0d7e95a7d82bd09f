using Coffer.Engine.Model;

namespace Coffer.Engine.Buckets;

/// <summary>
/// A PutBucketEncryption, as the protocol layer read it. Unlike the configuration it makes, it may leave SSE-C's block
/// unsaid: <see cref="Over"/> then keeps the bucket's, as S3 keeps it for a document without BlockedEncryptionTypes, so a
/// tool that changes only the default cannot lift a block it knows nothing of.
/// </summary>
public sealed record BucketEncryptionRequest
{
    /// <summary>See <see cref="BucketEncryption.Default"/>.</summary>
    public ObjectEncryption? Default { get; init; }

    public bool BucketKeyEnabled { get; init; }

    /// <summary>True blocks SSE-C writes, false allows them; null keeps what the bucket has (allowed, for a bucket with no configuration).</summary>
    public bool? BlockSseC { get; init; }

    /// <summary>The configuration the bucket gets, given the one it has (null for none).</summary>
    public BucketEncryption Over(BucketEncryption? current) => new()
    {
        Default = Default,
        BucketKeyEnabled = BucketKeyEnabled,
        SseCBlocked = BlockSseC ?? current?.SseCBlocked ?? false,
    };
}
