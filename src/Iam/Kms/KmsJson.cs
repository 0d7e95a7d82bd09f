using System.Text.Json.Nodes;

using Coffer.Engine.Kms;

namespace Coffer.Iam.Kms;

/// <summary>The shapes KMS answers with: key metadata, list entries, dates as epoch seconds.</summary>
internal static class KmsJson
{
    public const string SymmetricDefault = "SYMMETRIC_DEFAULT";

    public static JsonObject KeyMetadata(KmsKey key, KmsArns arns)
    {
        var metadata = new JsonObject
        {
            ["AWSAccountId"] = arns.AccountId,
            ["KeyId"] = key.Id,
            ["Arn"] = arns.Key(key.Id),
            ["CreationDate"] = Date(key.Created),
            ["Enabled"] = key.State == KmsKeyState.Enabled,
            ["Description"] = key.Description,
            ["KeyUsage"] = "ENCRYPT_DECRYPT",
            ["KeyState"] = key.State.ToString(),
            ["Origin"] = "AWS_KMS",
            ["KeyManager"] = key.Manager == KmsKeyManager.Aws ? "AWS" : "CUSTOMER",
            ["CustomerMasterKeySpec"] = SymmetricDefault,
            ["KeySpec"] = SymmetricDefault,
            ["EncryptionAlgorithms"] = new JsonArray(SymmetricDefault),
            ["MultiRegion"] = false,
        };
        if (key.DeletionDate is { } deletion)
        {
            metadata["DeletionDate"] = Date(deletion);
            metadata["PendingDeletionWindowInDays"] = key.PendingWindowDays;
        }

        return metadata;
    }

    public static JsonObject Alias(KmsAlias alias, KmsArns arns) => new()
    {
        ["AliasName"] = alias.Name,
        ["AliasArn"] = arns.Alias(alias.Name),
        ["TargetKeyId"] = alias.KeyId,
        ["CreationDate"] = Date(alias.Created),
        ["LastUpdatedDate"] = Date(alias.Updated),
    };

    /// <summary>A page's end: Truncated, and NextMarker when it is.</summary>
    public static JsonObject Page(JsonObject response, string? nextMarker)
    {
        response["Truncated"] = nextMarker is not null;
        if (nextMarker is not null)
        {
            response["NextMarker"] = nextMarker;
        }

        return response;
    }

    /// <summary>KMS writes timestamps as seconds since the epoch, with a fraction.</summary>
    public static double Date(DateTimeOffset when) => when.ToUnixTimeMilliseconds() / 1000.0;

    public static string Blob(byte[] bytes) => Convert.ToBase64String(bytes);
}
