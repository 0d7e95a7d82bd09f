using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

using Coffer.Engine.Errors;
using Coffer.Engine.Kms;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Encryption;

/// <summary>
/// Seals and opens the engine's blobs (docs/encryption-format.md): every sealed blob has a data key of its own, so its
/// segments are sealed as blob 0 of that key, and a copy that shares the blob shares its wrapped key too. The blob's id
/// is both the sealed segments' context and the wrap's, binding the bytes and the key to the blob that holds them.
/// </summary>
/// <remarks>
/// Under SSE-KMS the data key is wrapped by a key of the key service instead, with the object's encryption context and the
/// blob id bound in; a sealed key says which kind it is by the wrapping key id it carries (see <see cref="OpenAsync"/>).
/// Under DSSE-KMS the blob has two data keys, one per layer, each wrapped by the KMS key on its own with the layer's name
/// bound in too, and stored together (see <see cref="DualLayerKey"/>).
/// </remarks>
public sealed class BlobSealing(MasterKeyring masterKeys, KeyService? keys = null)
{
    /// <summary>The aws/s3 key: SSE-KMS's key when neither the write nor the bucket's default names one.</summary>
    public const string ManagedS3Alias = "alias/aws/s3";

    /// <summary>The context entry that binds a KMS-wrapped data key to its blob, beside the client's own.</summary>
    private const string BlobContextName = "aws:s3:coffer-blob";

    /// <summary>
    /// The context entry that binds a DSSE-KMS data key to its layer, so that neither wrapped key opens as the other:
    /// swapping them, or storing one twice, fails to unwrap rather than sealing or opening with one key for both layers.
    /// </summary>
    private const string LayerContextName = "aws:s3:coffer-layer";

    private const string InnerLayer = "inner";

    private const string OuterLayer = "outer";

    /// <summary>The only blob of its data key.</summary>
    internal const ulong Ordinal = 0;

    private static ReadOnlySpan<byte> WrapLabel => "coffer sse-s3 blob "u8;

    private static ReadOnlySpan<byte> CustomerWrapLabel => "coffer sse-c blob "u8;

    /// <summary>
    /// The encryption a write will seal with, with its KMS key resolved to an ARN (the one named, else the aws/s3 key,
    /// made on first use) once the key is found usable and the caller allowed to generate data keys with it.
    /// </summary>
    /// <exception cref="KeyServiceException">The key does not exist, is disabled or is pending deletion.</exception>
    internal async Task<ObjectEncryption> PrepareAsync(ObjectEncryption encryption, IKeyUseCheck? keyUse, CancellationToken cancellationToken)
    {
        if (!encryption.UsesKms)
        {
            return encryption;
        }

        var service = keys ?? throw new EngineException(EngineError.NotImplemented, "This server has no key service, so it cannot encrypt with KMS keys.");
        // The aws/s3 key is made on first use, whether a write leaves the key out or names its alias.
        var key = encryption.KmsKeyId is { } named && named != ManagedS3Alias && named != service.Arns.Alias(ManagedS3Alias)
            ? await service.DescribeKeyAsync(named, cancellationToken)
            : await service.ManagedKeyAsync(ManagedS3Alias, cancellationToken);
        var arn = service.Arns.Key(key.Id);
        service.RequireUsable(key);
        await (keyUse ?? throw new InvalidOperationException("A write with a KMS key needs the caller's key use checked.")).RequireAsync(KeyUse.GenerateDataKey, arn, cancellationToken);
        return encryption with { KmsKeyId = arn };
    }

    /// <summary>How many layers a blob of this encryption is sealed in: two for DSSE-KMS, else one.</summary>
    internal static int LayersOf(ObjectEncryption encryption) =>
        encryption.Kind == ServerSideEncryption.DsseKms ? SealedFormat.DualLayer : SealedFormat.SingleLayer;

    /// <summary>A new data key for blob <paramref name="blob"/>, and the same key wrapped for its segment row.</summary>
    /// <param name="customerKey">SSE-C: the request's key, from which the wrapping key is derived.</param>
    internal async Task<(byte[] DataKey, byte[] SealedKey)> NewKeyAsync(ObjectEncryption encryption, BlobId blob, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        var dataKey = BlobKeys.NewDataKey();
        if (encryption.Kind == ServerSideEncryption.SseS3)
        {
            return (dataKey, masterKeys.Wrap(dataKey, WrapContext(blob)));
        }

        if (encryption.Kind == ServerSideEncryption.SseC)
        {
            using var wrapper = CustomerKeyCheck.Wrapper(
                customerKey ?? throw new InvalidOperationException("Sealing an SSE-C blob needs the request's customer key."),
                encryption.CustomerKeyCheck);
            return (dataKey, wrapper.Wrap(dataKey, CustomerWrapContext(blob)));
        }

        if (encryption.Kind == ServerSideEncryption.DsseKms)
        {
            // Two independent keys, each generated and wrapped on its own: the data key is the inner layer's, this one the outer's.
            var outerKey = BlobKeys.NewDataKey();
            try
            {
                var (_, innerWrapped) = await Keys().EncryptAsync(encryption.KmsKeyId, dataKey, KmsContext(encryption, blob, InnerLayer), cancellationToken);
                var (_, outerWrapped) = await Keys().EncryptAsync(encryption.KmsKeyId, outerKey, KmsContext(encryption, blob, OuterLayer), cancellationToken);
                return ([.. dataKey, .. outerKey], DualLayerKey.Join(innerWrapped, outerWrapped));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
                CryptographicOperations.ZeroMemory(outerKey);
            }
        }

        var (_, sealedKey) = await Keys().EncryptAsync(encryption.KmsKeyId, dataKey, KmsContext(encryption, blob), cancellationToken);
        return (dataKey, sealedKey);
    }

    /// <summary>The plaintext of a sealed blob, read through its segments; owns <paramref name="sealedBlob"/>.</summary>
    /// <param name="encryption">The object's, whose encryption context a KMS-wrapped key was bound to.</param>
    /// <exception cref="SealedBlobException">The blob's length is not the one its plaintext seals to.</exception>
    /// <exception cref="KeyUnwrapException">The wrapped key does not open with this server's keys.</exception>
    /// <exception cref="KeyServiceException">The KMS key is gone, disabled or pending deletion.</exception>
    /// <param name="customerKey">SSE-C: the request's key, already checked against the object's (see <see cref="CustomerKeyRules"/>).</param>
    internal async Task<IBlobReader> OpenAsync(IBlobReader sealedBlob, BlobSegment segment, ObjectEncryption? encryption, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        byte[] dataKey;
        try
        {
            dataKey = DualLayerKey.Is(segment.SealedKey!) ? await UnwrapBothLayersAsync(segment, encryption, cancellationToken)
                : KeyService.IsCiphertext(segment.SealedKey!) ? await UnwrapWithKmsAsync(segment.SealedKey!, segment, encryption, layer: null, cancellationToken)
                : DataKeyWrapper.ReadKeyId(segment.SealedKey!) == CustomerKeyCheck.WrappingKeyId ? UnwrapWithCustomerKey(segment, encryption, customerKey)
                : masterKeys.Unwrap(segment.SealedKey!, WrapContext(segment.SealingId));
        }
        catch
        {
            sealedBlob.Dispose();
            throw;
        }

        try
        {
            return new SealedBlobReader(sealedBlob, dataKey, Ordinal, SegmentContext(segment.SealingId), segment.Length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Both layers' data keys, inner first, as <see cref="SegmentCipher"/> takes them.</summary>
    private async Task<byte[]> UnwrapBothLayersAsync(BlobSegment segment, ObjectEncryption? encryption, CancellationToken cancellationToken)
    {
        var (innerWrapped, outerWrapped) = DualLayerKey.Split(segment.SealedKey!);
        var inner = await UnwrapWithKmsAsync(innerWrapped, segment, encryption, InnerLayer, cancellationToken);
        try
        {
            var outer = await UnwrapWithKmsAsync(outerWrapped, segment, encryption, OuterLayer, cancellationToken);
            try
            {
                return [.. inner, .. outer];
            }
            finally
            {
                CryptographicOperations.ZeroMemory(outer);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(inner);
        }
    }

    private async Task<byte[]> UnwrapWithKmsAsync(byte[] wrapped, BlobSegment segment, ObjectEncryption? encryption, string? layer, CancellationToken cancellationToken)
    {
        try
        {
            var (_, dataKey) = await Keys().DecryptAsync(wrapped, KmsContext(encryption, segment.SealingId, layer), keyId: null, cancellationToken);
            return dataKey;
        }
        catch (KeyServiceException refused) when (refused.Error is KeyServiceError.InvalidCiphertext or KeyServiceError.IncorrectKey)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.AuthenticationFailed, "The KMS-wrapped data key does not open for this blob and context.", refused);
        }
    }

    private static byte[] UnwrapWithCustomerKey(BlobSegment segment, ObjectEncryption? encryption, CustomerKey? customerKey)
    {
        // Without the key or the check, the blob cannot be opened: said as a wrap by another key, never as plaintext.
        if (customerKey is null || encryption?.CustomerKeyCheck is not { } check)
        {
            throw new KeyUnwrapException(KeyUnwrapFailure.OtherWrappingKey, "An SSE-C data key opens only with the request's customer key.");
        }

        using var wrapper = CustomerKeyCheck.Wrapper(customerKey, check);
        return wrapper.Unwrap(segment.SealedKey!, CustomerWrapContext(segment.SealingId));
    }

    private KeyService Keys() => keys ?? throw new KeyUnwrapException(KeyUnwrapFailure.OtherWrappingKey, "This server has no key service to open KMS-wrapped keys.");

    /// <summary>The client's encryption context, if any, the blob's id, and for DSSE-KMS the layer the key seals.</summary>
    private static Dictionary<string, string> KmsContext(ObjectEncryption? encryption, BlobId blob, string? layer = null)
    {
        var context = encryption?.KmsContext is { } json
            ? JsonSerializer.Deserialize(json, KmsContextJson.Default.DictionaryStringString) ?? []
            : [];
        context[BlobContextName] = blob.Value;
        if (layer is not null)
        {
            context[LayerContextName] = layer;
        }

        return context;
    }

    /// <summary>The associated data of every segment of the blob: its id.</summary>
    internal static byte[] SegmentContext(BlobId blob) => Encoding.ASCII.GetBytes(blob.Value);

    /// <summary>What an SSE-S3 data key's wrap is bound to: a label and the blob's id.</summary>
    internal static byte[] WrapContext(BlobId blob) => [.. WrapLabel, .. Encoding.ASCII.GetBytes(blob.Value)];

    private static byte[] CustomerWrapContext(BlobId blob) => [.. CustomerWrapLabel, .. Encoding.ASCII.GetBytes(blob.Value)];
}

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class KmsContextJson : JsonSerializerContext;
