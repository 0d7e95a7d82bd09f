using System.Security.Cryptography;

using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.S3;
using Amazon.S3.Model;

namespace Coffer.Torture.Model;

/// <summary>
/// The keys of a run's encrypted writes, which the verifier knows too: one customer key for SSE-C, drawn from the
/// run's seed, and one key of the built-in key service, made through the KMS API on the first start and named by its
/// alias on every write (the server answers with its ARN, which a restart must keep).
/// </summary>
public sealed class SealingKeys
{
    public const string KmsAlias = "alias/torture-objects";

    private readonly string _customerKey;
    private readonly string _customerKeyMd5;
    private string? _kmsKeyArn;

    public SealingKeys(Random random)
    {
        var key = new byte[32];
        random.NextBytes(key);
        _customerKey = Convert.ToBase64String(key);
        _customerKeyMd5 = Convert.ToBase64String(MD5.HashData(key));
    }

    public Sealing Kms => Sealing.SseKms(_kmsKeyArn ?? throw new InvalidOperationException("The KMS key is made on the first start."));

    /// <summary>CreateKey, then the alias the writes name; the server must keep both through every crash that follows.</summary>
    public async Task CreateKmsKeyAsync(IAmazonKeyManagementService kms, CancellationToken cancellationToken)
    {
        var key = await kms.CreateKeyAsync(new CreateKeyRequest { Description = "crash torture: SSE-KMS objects" }, cancellationToken);
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = KmsAlias, TargetKeyId = key.KeyMetadata.KeyId }, cancellationToken);
        _kmsKeyArn = key.KeyMetadata.Arn;
    }

    public void Seal(PutObjectRequest request, Sealing sealing)
    {
        (request.ServerSideEncryptionMethod, request.ServerSideEncryptionKeyManagementServiceKeyId) = ServerSide(sealing);
        if (sealing.Kind == SealingKind.SseC)
        {
            (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = Customer();
        }
    }

    public void Seal(InitiateMultipartUploadRequest request, Sealing sealing)
    {
        (request.ServerSideEncryptionMethod, request.ServerSideEncryptionKeyManagementServiceKeyId) = ServerSide(sealing);
        if (sealing.Kind == SealingKind.SseC)
        {
            (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = Customer();
        }
    }

    /// <summary>Every part of an SSE-C upload brings the upload's key; the other kinds need nothing on parts.</summary>
    public void Seal(UploadPartRequest request, Sealing sealing)
    {
        if (sealing.Kind == SealingKind.SseC)
        {
            (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = Customer();
        }
    }

    /// <summary>
    /// A copy of a <paramref name="source"/> sealed so into one sealed as <paramref name="copy"/>: an SSE-C source is
    /// read with its key; an SSE-C copy names the key (without it, an SSE-C source's copy would be SSE-S3); any other
    /// kind is named only when it differs from the source's, since a copy that names none is sealed as its source.
    /// </summary>
    public void Seal(CopyObjectRequest request, Sealing source, Sealing copy)
    {
        if (source.Kind == SealingKind.SseC)
        {
            (request.CopySourceServerSideEncryptionCustomerMethod, request.CopySourceServerSideEncryptionCustomerProvidedKey, request.CopySourceServerSideEncryptionCustomerProvidedKeyMD5) = Customer();
        }

        if (copy.Kind == SealingKind.SseC)
        {
            (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = Customer();
        }
        else if (copy != source)
        {
            (request.ServerSideEncryptionMethod, request.ServerSideEncryptionKeyManagementServiceKeyId) = ServerSide(copy);
        }
    }

    public void Open(GetObjectRequest request) =>
        (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = Customer();

    public void Open(GetObjectMetadataRequest request) =>
        (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey, request.ServerSideEncryptionCustomerProvidedKeyMD5) = Customer();

    /// <summary>What a HEAD's headers say.</summary>
    public static Sealing Of(GetObjectMetadataResponse head)
    {
        if (head.ServerSideEncryptionCustomerMethod == ServerSideEncryptionCustomerMethod.AES256)
        {
            return Sealing.SseC;
        }

        if (head.ServerSideEncryptionMethod == ServerSideEncryptionMethod.AWSKMS)
        {
            return Sealing.SseKms(head.ServerSideEncryptionKeyManagementServiceKeyId);
        }

        return head.ServerSideEncryptionMethod == ServerSideEncryptionMethod.AES256 ? Sealing.SseS3 : Sealing.None;
    }

    private static (ServerSideEncryptionMethod? Method, string? KeyId) ServerSide(Sealing sealing) => sealing.Kind switch
    {
        SealingKind.SseS3 => (ServerSideEncryptionMethod.AES256, null),
        SealingKind.SseKms => (ServerSideEncryptionMethod.AWSKMS, KmsAlias),
        _ => (null, null),
    };

    private (ServerSideEncryptionCustomerMethod Method, string Key, string KeyMd5) Customer() =>
        (ServerSideEncryptionCustomerMethod.AES256, _customerKey, _customerKeyMd5);
}
