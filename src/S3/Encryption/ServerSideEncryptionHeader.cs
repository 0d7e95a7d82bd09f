using System.Text;
using System.Text.Json;

using Coffer.Engine.Encryption;
using Coffer.Engine.Kms;
using Coffer.Engine.Model;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Encryption;

/// <summary>
/// x-amz-server-side-encryption and SSE-KMS's three headers (DSSE-KMS takes the same): what a write asks for, and what
/// every response about an encrypted object says. The method Coffer does not build (aws:fsx) is refused before a handler
/// runs (see Members/RequestMembers); what reaches <see cref="Read"/> is AES256, aws:kms, aws:kms:dsse, or nothing.
/// </summary>
public static class ServerSideEncryptionHeader
{
    public const string Name = "x-amz-server-side-encryption";

    public const string KmsKeyIdName = "x-amz-server-side-encryption-aws-kms-key-id";

    public const string ContextName = "x-amz-server-side-encryption-context";

    public const string BucketKeyName = "x-amz-server-side-encryption-bucket-key-enabled";

    /// <summary>S3's name for SSE-S3.</summary>
    public const string Aes256 = "AES256";

    /// <summary>S3's name for SSE-KMS.</summary>
    public const string AwsKms = "aws:kms";

    /// <summary>S3's name for DSSE-KMS: two layers, each with a data key of the KMS key.</summary>
    public const string AwsKmsDsse = "aws:kms:dsse";

    private const string KmsWithoutMethod =
        "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms";

    /// <summary>The encryption a write asks for; null when it names none.</summary>
    /// <exception cref="S3Exception">
    /// InvalidArgument: SSE-KMS's headers without aws:kms or aws:kms:dsse, a context that is not base64 of a JSON object of strings, or a
    /// bucket-key flag that is not true or false.
    /// </exception>
    public static ObjectEncryption? Read(IHeaderDictionary headers)
    {
        var method = Value(headers, Name);
        var keyId = Value(headers, KmsKeyIdName);
        var context = Value(headers, ContextName);
        var bucketKey = Value(headers, BucketKeyName);
        if (method is not (AwsKms or AwsKmsDsse) && (keyId is not null || context is not null))
        {
            throw new S3Exception(S3Error.InvalidArgument, KmsWithoutMethod, [new("ArgumentName", Name), new("ArgumentValue", method ?? "null")]);
        }

        return method switch
        {
            null => null,
            Aes256 => ObjectEncryption.SseS3,
            _ => new ObjectEncryption(method == AwsKmsDsse ? ServerSideEncryption.DsseKms : ServerSideEncryption.SseKms)
            {
                KmsKeyId = string.IsNullOrEmpty(keyId) ? null : keyId,
                KmsContext = context is null ? null : ContextJson(context),

                // S3 Bucket Keys are not used with DSSE-KMS (AWS: "aren't supported"): the flag is read, so that a bad
                // value is still S3's 400, but never kept or echoed for a DSSE-KMS object.
                BucketKeyEnabled = bucketKey is not null && Flag(bucketKey) && method == AwsKms,
            },
        };
    }

    /// <summary>Says how a part is encrypted (UploadPart, UploadPartCopy): as the upload is, which its sealed key names.</summary>
    public static void Write(IHeaderDictionary headers, PartInfo part, KmsArns? arns)
    {
        if (part.SealedKey is not { } sealedKey)
        {
            return;
        }

        if (DualLayerKey.Is(sealedKey) && arns is not null)
        {
            headers[Name] = AwsKmsDsse;
            headers[KmsKeyIdName] = arns.Key(KeyService.OwnerOf(DualLayerKey.Split(sealedKey).InnerWrapped));
            return;
        }

        if (KeyService.IsCiphertext(sealedKey) && arns is not null)
        {
            headers[Name] = AwsKms;
            headers[KmsKeyIdName] = arns.Key(KeyService.OwnerOf(sealedKey));
            return;
        }

        // An SSE-C part says so with the customer key headers (see CustomerKeyHeader), not with this one.
        if (DataKeyWrapper.ReadKeyId(sealedKey) == CustomerKeyCheck.WrappingKeyId)
        {
            return;
        }

        headers[Name] = Aes256;
    }

    /// <summary>Says how an object is encrypted, on PUT, GET, HEAD and copy responses; nothing for a plaintext object.</summary>
    /// <param name="withContext">True on the responses that return SSE-KMS's encryption context: the writes.</param>
    public static void Write(IHeaderDictionary headers, ObjectAttributes attributes, bool withContext = false)
    {
        switch (attributes.Encryption)
        {
            case { Kind: ServerSideEncryption.SseS3 }:
                headers[Name] = Aes256;
                break;
            case { UsesKms: true } kms:
                headers[Name] = kms.Kind == ServerSideEncryption.DsseKms ? AwsKmsDsse : AwsKms;
                headers[KmsKeyIdName] = kms.KmsKeyId;
                if (kms.BucketKeyEnabled)
                {
                    headers[BucketKeyName] = "true";
                }

                if (withContext && kms.KmsContext is { } context)
                {
                    headers[ContextName] = Convert.ToBase64String(Encoding.UTF8.GetBytes(context));
                }

                break;
        }
    }

    private static string? Value(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) ? value.ToString().Trim() : null;

    /// <summary>The context as S3 sends it, base64 of a JSON object of strings, kept as that JSON.</summary>
    private static string ContextJson(string base64)
    {
        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.EnumerateObject().All(pair => pair.Value.ValueKind == JsonValueKind.String))
            {
                return json;
            }
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
        }

        throw new S3Exception(
            S3Error.InvalidArgument,
            "The encryption context must be a base64-encoded UTF-8 JSON object whose values are strings.",
            [new("ArgumentName", ContextName), new("ArgumentValue", base64)]);
    }

    private static bool Flag(string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new S3Exception(S3Error.InvalidArgument, $"Invalid value for {BucketKeyName}: {value}", [new("ArgumentName", BucketKeyName), new("ArgumentValue", value)]),
    };
}
