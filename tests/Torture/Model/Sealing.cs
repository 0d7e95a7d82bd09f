namespace Coffer.Torture.Model;

/// <summary>How an object is encrypted at rest, as a HEAD reports it.</summary>
public enum SealingKind
{
    None,

    /// <summary>x-amz-server-side-encryption: AES256, under the server's master key.</summary>
    SseS3,

    /// <summary>x-amz-server-side-encryption: aws:kms, under a key of the built-in key service.</summary>
    SseKms,

    /// <summary>The customer's key, which the server does not keep: no read without it.</summary>
    SseC,
}

/// <summary>
/// What a write asked for, or what a HEAD answered: the kind, and for SSE-KMS the key's ARN (a write names the key by
/// alias; the server answers the ARN). Two sealings are the same only with the same kind and key.
/// </summary>
public sealed record Sealing(SealingKind Kind, string? KmsKeyArn = null)
{
    public static readonly Sealing None = new(SealingKind.None);

    public static readonly Sealing SseS3 = new(SealingKind.SseS3);

    public static readonly Sealing SseC = new(SealingKind.SseC);

    public static Sealing SseKms(string keyArn) => new(SealingKind.SseKms, keyArn);

    public override string ToString() => Kind switch
    {
        SealingKind.None => "plaintext",
        SealingKind.SseS3 => "SSE-S3",
        SealingKind.SseKms => $"SSE-KMS under {KmsKeyArn ?? "no key"}",
        _ => "SSE-C",
    };
}
