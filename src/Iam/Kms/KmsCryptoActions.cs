using System.Security.Cryptography;
using System.Text.Json.Nodes;

using Coffer.Engine.Kms;

namespace Coffer.Iam.Kms;

/// <summary>
/// The cryptographic operations. Only symmetric encryption is built: an EncryptionAlgorithm other than
/// SYMMETRIC_DEFAULT is refused as KMS refuses it for a symmetric key, and the members that need what Coffer lacks
/// (Recipient: Nitro Enclaves attestation) are refused, not ignored. Grant tokens are accepted and add nothing, since
/// Coffer has no grants: a call they alone would allow is denied.
/// </summary>
internal static class KmsCryptoActions
{
    public static IEnumerable<KmsAction> All =>
    [
        KmsAction.OnKey("GenerateDataKey", call => GenerateDataKeyAsync(call, withPlaintext: true)),
        KmsAction.OnKey("GenerateDataKeyWithoutPlaintext", call => GenerateDataKeyAsync(call, withPlaintext: false)),
        KmsAction.OnKey("Encrypt", EncryptAsync),
        new("Decrypt", DecryptPermissionsAsync, DecryptAsync),
        new(
            "ReEncrypt",
            async call => [("kms:ReEncryptFrom", OwnerArn(call)), ("kms:ReEncryptTo", await call.KeyArnAsync("DestinationKeyId"))],
            ReEncryptAsync),
    ];

    private static async Task<JsonObject> GenerateDataKeyAsync(KmsCall call, bool withPlaintext)
    {
        var request = call.Request;
        RefuseRecipient(request);
        var keySpec = request.String("KeySpec");
        var numberOfBytes = request.Integer("NumberOfBytes");
        var byteCount = (keySpec, numberOfBytes) switch
        {
            (null, { } count) => count,
            ("AES_256", null) => 32,
            ("AES_128", null) => 16,
            (null, null) or (not null, not null) => throw KmsException.Validation("Please specify either number of bytes or key spec."),
            _ => throw KmsException.Validation(
                $"1 validation error detected: Value '{keySpec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"),
        };
        DryRun(request);
        var dataKey = await call.Keys.GenerateDataKeyAsync(request.RequiredString("KeyId"), byteCount, request.StringMap("EncryptionContext"), withPlaintext, call.CancellationToken);
        var response = new JsonObject { ["CiphertextBlob"] = KmsJson.Blob(dataKey.Ciphertext), ["KeyId"] = call.Keys.Arns.Key(dataKey.Key.Id) };
        if (dataKey.Plaintext is { } plaintext)
        {
            response["Plaintext"] = KmsJson.Blob(plaintext);
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return response;
    }

    private static async Task<JsonObject> EncryptAsync(KmsCall call)
    {
        var request = call.Request;
        Algorithm(request, "EncryptionAlgorithm");
        var plaintext = request.RequiredBlob("Plaintext");
        DryRun(request);
        try
        {
            var (key, ciphertext) = await call.Keys.EncryptAsync(request.RequiredString("KeyId"), plaintext, request.StringMap("EncryptionContext"), call.CancellationToken);
            return new JsonObject
            {
                ["CiphertextBlob"] = KmsJson.Blob(ciphertext),
                ["KeyId"] = call.Keys.Arns.Key(key.Id),
                ["EncryptionAlgorithm"] = KmsJson.SymmetricDefault,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static Task<IReadOnlyList<(string Action, string Resource)>> DecryptPermissionsAsync(KmsCall call) =>
        Task.FromResult<IReadOnlyList<(string, string)>>([("kms:Decrypt", OwnerArn(call))]);

    private static async Task<JsonObject> DecryptAsync(KmsCall call)
    {
        var request = call.Request;
        RefuseRecipient(request);
        Algorithm(request, "EncryptionAlgorithm");
        DryRun(request);
        var (key, plaintext) = await call.Keys.DecryptAsync(
            request.RequiredBlob("CiphertextBlob"), request.StringMap("EncryptionContext"), request.String("KeyId"), call.CancellationToken);
        try
        {
            return new JsonObject
            {
                ["KeyId"] = call.Keys.Arns.Key(key.Id),
                ["Plaintext"] = KmsJson.Blob(plaintext),
                ["EncryptionAlgorithm"] = KmsJson.SymmetricDefault,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static async Task<JsonObject> ReEncryptAsync(KmsCall call)
    {
        var request = call.Request;
        Algorithm(request, "SourceEncryptionAlgorithm");
        Algorithm(request, "DestinationEncryptionAlgorithm");
        DryRun(request);
        var (source, destination, ciphertext) = await call.Keys.ReEncryptAsync(
            request.RequiredBlob("CiphertextBlob"),
            request.StringMap("SourceEncryptionContext"),
            request.String("SourceKeyId"),
            request.RequiredString("DestinationKeyId"),
            request.StringMap("DestinationEncryptionContext"),
            call.CancellationToken);
        return new JsonObject
        {
            ["CiphertextBlob"] = KmsJson.Blob(ciphertext),
            ["SourceKeyId"] = call.Keys.Arns.Key(source.Id),
            ["KeyId"] = call.Keys.Arns.Key(destination.Id),
            ["SourceEncryptionAlgorithm"] = KmsJson.SymmetricDefault,
            ["DestinationEncryptionAlgorithm"] = KmsJson.SymmetricDefault,
        };
    }

    /// <summary>The key a ciphertext names, whose ARN Decrypt and ReEncryptFrom are authorized against.</summary>
    private static string OwnerArn(KmsCall call)
    {
        try
        {
            return call.Keys.Arns.Key(KeyService.OwnerOf(call.Request.RequiredBlob("CiphertextBlob")));
        }
        catch (KeyServiceException error)
        {
            throw KmsException.From(error);
        }
    }

    private static void Algorithm(KmsRequest request, string member)
    {
        switch (request.String(member))
        {
            case null or KmsJson.SymmetricDefault:
                return;
            case "RSAES_OAEP_SHA_1" or "RSAES_OAEP_SHA_256" or "SM2PKE":
                throw new KmsException("InvalidKeyUsageException", $"{request.String(member)} is not a supported encryption algorithm for a symmetric key.");
            case var other:
                throw KmsException.Validation(
                    $"1 validation error detected: Value '{other}' at '{char.ToLowerInvariant(member[0]) + member[1..]}' failed to satisfy constraint: " +
                    "Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]");
        }
    }

    private static void RefuseRecipient(KmsRequest request)
    {
        if (request.Has("Recipient"))
        {
            throw KmsException.Unsupported("Coffer's key service does not support Recipient (Nitro Enclaves attestation).");
        }
    }

    /// <summary>After every check a real call makes, DryRun answers DryRunOperationException (412) and does nothing.</summary>
    private static void DryRun(KmsRequest request)
    {
        if (request.Boolean("DryRun") == true)
        {
            throw new KmsException("DryRunOperationException", "The request would have succeeded, but the DryRun option is set.", 412);
        }
    }
}
