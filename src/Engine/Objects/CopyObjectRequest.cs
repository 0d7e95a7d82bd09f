using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Objects;

/// <remarks>
/// The copy's attributes are not one <see cref="ObjectAttributes"/>, as a put's are, because each
/// follows its own rule: the content headers follow the metadata directive (the source's, or a
/// replacement), the storage class is STANDARD unless given, and the owner and ACL are always the
/// copy's own. Separate fields keep each rule visible at the call site; <see cref="AttributesOver"/>
/// applies them all in one place.
/// </remarks>
public sealed record CopyObjectRequest
{
    /// <summary>Asked whether the caller may use the object's KMS key, once the engine knows which it is; needed when one is used.</summary>
    public Kms.IKeyUseCheck? KeyUse { get; init; }

    public required BucketName SourceBucket { get; init; }

    public required ObjectKey SourceKey { get; init; }

    /// <summary>The source version named in x-amz-copy-source; null copies the latest.</summary>
    public VersionId? SourceVersion { get; init; }

    public ReadPreconditions SourceConditions { get; init; } = ReadPreconditions.None;

    /// <summary>SSE-C: the key of the source (x-amz-copy-source-server-side-encryption-customer-key), which an SSE-C source needs to be read.</summary>
    public CustomerKey? SourceCustomerKey { get; init; }

    /// <summary>SSE-C: the copy's key (x-amz-server-side-encryption-customer-key); the source's own keeps its sealed blobs.</summary>
    public CustomerKey? CustomerKey { get; init; }

    /// <summary>
    /// The encryption the request names for the copy (x-amz-server-side-encryption, with its KMS key as named); null
    /// leaves the choice to <see cref="Encryption.CopyEncryptionRules"/>: the destination's default, else the source's.
    /// </summary>
    public ObjectEncryption? Encryption { get; init; }

    public required BucketName Bucket { get; init; }

    public required ObjectKey Key { get; init; }

    /// <summary>The new content headers (metadata directive REPLACE); null keeps the source's (COPY).</summary>
    public ObjectHeaders? ReplacementHeaders { get; init; }

    /// <summary>Null keeps STANDARD, as S3 does: a copy does not inherit the source's class.</summary>
    public string? StorageClass { get; init; }

    public WriteCondition Condition { get; init; } = WriteCondition.None;

    /// <summary>
    /// x-amz-checksum-algorithm: the algorithm the copy's checksum must have. The source's own lets the
    /// copy share its blobs and the checksum stored with them; another has the source read again and
    /// checksummed anew. Null keeps the source's.
    /// </summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    public string Owner { get; init; } = "";

    /// <summary>The copy's own ACL, never the source's (S3 does not copy ACLs); null is the default ACL.</summary>
    public string? Acl { get; init; }

    /// <summary>The new tags (tagging directive REPLACE); null keeps the source's (COPY), as S3 does by default.</summary>
    public TagSet? ReplacementTags { get; init; }

    /// <summary>The copy's own retention (null: the bucket's default, if any); a copy never inherits the source's lock.</summary>
    public ObjectRetention? Retention { get; init; }

    public LegalHoldStatus LegalHold { get; init; } = LegalHoldStatus.Off;

    /// <summary>The attributes the copy carries, given its source's.</summary>
    public ObjectAttributes AttributesOver(ObjectAttributes source) => new()
    {
        Headers = ReplacementHeaders ?? source.Headers,
        StorageClass = StorageClass ?? StorageClasses.Standard,
        Owner = Owner,
        Acl = Acl,
        Tags = ReplacementTags ?? source.Tags,
        Retention = Retention,
        LegalHold = LegalHold,

        // Encryption is left to the engine, which chooses it by CopyEncryptionRules and resolves its KMS key.
    };
}

/// <summary>The version a copy stored, and the source version it was copied from (CopyObject names both ids).</summary>
public sealed record CopiedObject(ObjectInfo Copy, ObjectInfo Source);
