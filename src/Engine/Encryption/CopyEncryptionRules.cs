using Coffer.Engine.Model;

namespace Coffer.Engine.Encryption;

/// <summary>
/// How CopyObject chooses its copy's encryption, and when the copy may share its source's sealed blobs instead of
/// reading them and sealing them again. The one place that says so; the engine asks here and does what it is told.
/// </summary>
/// <remarks>
/// The copy's encryption is, in order: SSE-C under the copy's customer key, if one is given; else what the request
/// names (x-amz-server-side-encryption and its key and context); else the destination bucket's default; else the
/// source's own, so that a copy never leaves an encrypted object's bytes in plaintext. S3 would give the last case its
/// account-wide SSE-S3 default; Coffer has none, and keeping the source's kind (and KMS key) is the nearest promise. An
/// SSE-C source copied without a key for the copy cannot stay SSE-C (no reader of the copy would hold the key), so the
/// copy is sealed with SSE-S3, as S3 seals it.
/// </remarks>
public static class CopyEncryptionRules
{
    /// <summary>The copy's encryption as asked, before a KMS key named in it is resolved; null is plaintext.</summary>
    /// <param name="named">The encryption the request names (x-amz-server-side-encryption), if any.</param>
    /// <param name="copyKey">The copy's SSE-C key (x-amz-server-side-encryption-customer-key), if any.</param>
    public static ObjectEncryption? Asked(ObjectEncryption? named, CustomerKey? copyKey, ObjectAttributes source, BucketInfo destination, CustomerKey? sourceKey)
    {
        if (copyKey is not null)
        {
            // The source's own key keeps the source's check (and so its sealed blobs); another key gets a fresh one.
            return SameCustomerKey(source, sourceKey, copyKey) ? source.Encryption : CustomerKeyRules.For(copyKey);
        }

        return DefaultEncryptionRules.For(named, destination)
            ?? (source.Encryption is { Kind: ServerSideEncryption.SseC } ? ObjectEncryption.SseS3 : source.Encryption);
    }

    /// <summary>
    /// True when the copy, encrypted as <paramref name="copy"/> (its KMS key resolved to an ARN), can share the source's
    /// blobs: the blobs are sealed exactly as the copy would seal them (the same kind, and for SSE-KMS the same key and
    /// encryption context, which are bound into every data key's wrap; for SSE-C the same key check).
    /// </summary>
    public static bool MayShareBlobs(ObjectEncryption? source, ObjectEncryption? copy) => (source, copy) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        var (from, to) => from.Kind == to.Kind
            && from.KmsKeyId == to.KmsKeyId
            && from.KmsContext == to.KmsContext
            && (from.CustomerKeyCheck ?? []).AsSpan().SequenceEqual(to.CustomerKeyCheck ?? []),
    };

    private static bool SameCustomerKey(ObjectAttributes source, CustomerKey? sourceKey, CustomerKey copyKey) =>
        source.Encryption is { Kind: ServerSideEncryption.SseC } && sourceKey is not null && sourceKey.Bytes.SequenceEqual(copyKey.Bytes);
}
