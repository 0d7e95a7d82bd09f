using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Objects;

public sealed record PutObjectRequest
{
    /// <summary>Asked whether the caller may use the object's KMS key, once the engine knows which it is; needed when one is used.</summary>
    public Kms.IKeyUseCheck? KeyUse { get; init; }

    /// <summary>
    /// SSE-C: the key the request brought (x-amz-server-side-encryption-customer-key), never stored; the object is
    /// sealed under it and keeps only a check of it.
    /// </summary>
    public CustomerKey? CustomerKey { get; init; }

    public required BucketName Bucket { get; init; }

    public required ObjectKey Key { get; init; }

    public ObjectAttributes Attributes { get; init; } = ObjectAttributes.Default;

    /// <summary>The length the client declared; the body must be exactly this long when set.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>Content-MD5, decoded; the body's MD5 must equal it when set.</summary>
    public byte[]? ContentMd5 { get; init; }

    /// <summary>The checksum to compute and store with the object, if the client asked for one.</summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>
    /// The base64 value the client promised for <see cref="ChecksumAlgorithm"/>, read only after the
    /// body has ended: a trailing checksum of an aws-chunked body is known only then. Null: nothing to verify.
    /// </summary>
    public Func<string?>? ExpectedChecksum { get; init; }

    public WriteCondition Condition { get; init; } = WriteCondition.None;

    /// <summary>
    /// Whether a version that object lock will hold must come with <see cref="ContentMd5"/> or <see cref="ExpectedChecksum"/>,
    /// as S3 asks of a PUT (<see cref="Versions.ObjectLockRules.ClientDigestMissing"/>). False for a POST form's file, which
    /// has no Content-MD5 to give and which S3 does not ask for one.
    /// </summary>
    public bool LockNeedsClientDigest { get; init; } = true;
}
