using Coffer.Engine.Model;

namespace Coffer.Engine.Encryption;

/// <summary>
/// How a bucket's default encryption (<see cref="BucketEncryption"/>) decides a new object's encryption: a write that
/// asks for none gets the bucket's default; one that asks for some keeps it. The one place that says so: PutObject, POST
/// Object, CreateMultipartUpload and CopyObject choose here, and the commit checks here that the choice still holds.
/// </summary>
public static class DefaultEncryptionRules
{
    /// <summary>The encryption a new object gets: what the write asked for, else the bucket's default, else none.</summary>
    /// <remarks>A KMS default carries the bucket's BucketKeyEnabled onto the object, as S3 reports it.</remarks>
    public static ObjectEncryption? For(ObjectEncryption? asked, BucketInfo bucket) =>
        asked ?? (bucket.Encryption is { Default: { } byDefault } configuration
            ? byDefault with { BucketKeyEnabled = byDefault.UsesKms && configuration.BucketKeyEnabled }
            : null);

    /// <summary>
    /// False when a version about to be stored is plaintext in a bucket whose default would have encrypted it. A write
    /// chooses its encryption before its body is sealed, so it reads the bucket then; its commit asks again inside its
    /// transaction, so that a PutBucketEncryption that slipped in between cannot leave plaintext behind a default that
    /// promised otherwise. (Encrypted where the default was removed meanwhile is harmless, and allowed.)
    /// </summary>
    public static bool Obeys(ObjectAttributes written, BucketInfo bucket) => written.Encryption is not null || bucket.Encryption?.Default is null;

    /// <summary>
    /// True when the bucket refuses writes that ask for SSE-C (BlockedEncryptionTypes SSE-C). Coffer's default, for a
    /// bucket without a configuration, is to allow them, unlike S3 since April 2026: existing tools expect SSE-C to work
    /// on a new bucket.
    /// </summary>
    public static bool BlocksCustomerKeys(BucketInfo bucket) => bucket.Encryption?.SseCBlocked == true;
}
