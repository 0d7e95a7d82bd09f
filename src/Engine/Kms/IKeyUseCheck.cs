namespace Coffer.Engine.Kms;

/// <summary>
/// Whether the caller of a write or read may use a KMS key for the object: the protocol layer's authorization (S3
/// asks the caller's policies for kms:GenerateDataKey or kms:Decrypt on the key's ARN), which the engine asks once it
/// knows which key the object uses: the one named, the bucket default's, or the aws/s3 key.
/// </summary>
public interface IKeyUseCheck
{
    /// <exception cref="Exception">The protocol layer's refusal (for S3, AccessDenied); nothing is written or read.</exception>
    Task RequireAsync(KeyUse use, string keyArn, CancellationToken cancellationToken);
}

/// <summary>What an object's key is used for, by the KMS action AWS authorizes it as.</summary>
public enum KeyUse
{
    /// <summary>Sealing new data (kms:GenerateDataKey).</summary>
    GenerateDataKey,

    /// <summary>Opening sealed data (kms:Decrypt).</summary>
    Decrypt,
}
