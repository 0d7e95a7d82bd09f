namespace Coffer.Engine.Model;

/// <summary>
/// How an object is encrypted at rest, or how a write or a bucket default asks for it to be: the kind, and for SSE-KMS
/// the key and the encryption context. One record, so that each new kind or setting is added here once rather than to
/// every request, upload and version that carries it.
/// </summary>
public sealed record ObjectEncryption
{
    /// <summary>SSE-S3, which needs nothing more.</summary>
    public static readonly ObjectEncryption SseS3 = new(ServerSideEncryption.SseS3);

    public ObjectEncryption(ServerSideEncryption kind) => Kind = kind;

    public ServerSideEncryption Kind { get; }

    /// <summary>
    /// SSE-KMS: the key. On a write or a bucket default, as the client named it (key id, key ARN, alias or alias ARN),
    /// null meaning the account's aws/s3 key; on an upload or a stored version, the key's ARN, resolved once.
    /// </summary>
    public string? KmsKeyId { get; init; }

    /// <summary>
    /// SSE-KMS: the encryption context the client gave, as the JSON object S3 carries base64-encoded in
    /// x-amz-server-side-encryption-context; null when it gave none. It is bound into the data key's wrap.
    /// </summary>
    public string? KmsContext { get; init; }

    /// <summary>S3 Bucket Keys for SSE-KMS: asked for and reported, with no effect on how Coffer wraps keys.</summary>
    public bool BucketKeyEnabled { get; init; }

    /// <summary>
    /// SSE-C: what proves a key to be the object's without keeping it: a random salt and an HMAC of a fixed label under
    /// the customer key (see <see cref="Encryption.CustomerKeyCheck"/>). The salt also salts the derivation of the key
    /// that wraps the object's data keys.
    /// </summary>
    public byte[]? CustomerKeyCheck { get; init; }

    public bool UsesKms => Kind is ServerSideEncryption.SseKms or ServerSideEncryption.DsseKms;
}

/// <summary>The kinds of encryption at rest S3 offers.</summary>
public enum ServerSideEncryption
{
    /// <summary>SSE-S3 (x-amz-server-side-encryption: AES256): data keys wrapped by the server's master key.</summary>
    SseS3,

    /// <summary>SSE-KMS (aws:kms): data keys wrapped by a key of the key service.</summary>
    SseKms,

    /// <summary>DSSE-KMS (aws:kms:dsse): two layers of encryption, the outer with a data key of the key service.</summary>
    DsseKms,

    /// <summary>SSE-C: data keys wrapped by a key derived from the customer's key, which every read and write brings.</summary>
    SseC,
}
