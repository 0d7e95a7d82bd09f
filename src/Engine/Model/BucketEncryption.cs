namespace Coffer.Engine.Model;

/// <summary>
/// A bucket's encryption configuration (S3's PutBucketEncryption): what an object written without asking for
/// encryption gets, and which kinds of encryption a write may not ask for. Kept with the bucket's row, so that a write
/// reads it with the bucket's other settings.
/// </summary>
/// <remarks>
/// Coffer does not encrypt by default, as AWS has since 2023: a bucket without a configuration stores what it is given as
/// it is given, and says so (GetBucketEncryption answers ServerSideEncryptionConfigurationNotFoundError rather than
/// claiming an AES256 default that is not applied).
/// </remarks>
public sealed record BucketEncryption
{
    /// <summary>The encryption of an object written without asking for one; null when such an object is stored as written.</summary>
    /// <remarks>A KMS default's key is kept as the configuration named it (<see cref="ObjectEncryption.KmsKeyId"/>), and resolved at each write.</remarks>
    public ObjectEncryption? Default { get; init; }

    /// <summary>S3 Bucket Keys, which only SSE-KMS uses: kept and reported, with no effect on an SSE-S3 default (as in S3).</summary>
    public bool BucketKeyEnabled { get; init; }

    /// <summary>True when a write that asks for SSE-C (a customer-provided key) is refused: S3's BlockedEncryptionTypes SSE-C.</summary>
    public bool SseCBlocked { get; init; }
}
