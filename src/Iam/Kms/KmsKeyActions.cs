using System.Text.Json.Nodes;

using Coffer.Engine.Kms;

namespace Coffer.Iam.Kms;

/// <summary>The operations on keys themselves: create, describe, list, enable and disable, deletion, rotation.</summary>
internal static class KmsKeyActions
{
    public static IEnumerable<KmsAction> All =>
    [
        KmsAction.OnAnyResource("CreateKey", CreateKeyAsync),
        KmsAction.OnKey("DescribeKey", async call => Metadata(call, await call.Keys.DescribeKeyAsync(call.Request.RequiredString("KeyId"), call.CancellationToken))),
        KmsAction.OnAnyResource("ListKeys", ListKeysAsync),
        KmsAction.OnKey("EnableKey", async call => Empty(await call.Keys.EnableKeyAsync(call.Request.RequiredString("KeyId"), call.CancellationToken))),
        KmsAction.OnKey("DisableKey", async call => Empty(await call.Keys.DisableKeyAsync(call.Request.RequiredString("KeyId"), call.CancellationToken))),
        KmsAction.OnKey("ScheduleKeyDeletion", ScheduleKeyDeletionAsync),
        KmsAction.OnKey("CancelKeyDeletion", async call =>
            new JsonObject { ["KeyId"] = call.Keys.Arns.Key((await call.Keys.CancelKeyDeletionAsync(call.Request.RequiredString("KeyId"), call.CancellationToken)).Id) }),
        KmsAction.OnKey("EnableKeyRotation", async call =>
            Empty(await call.Keys.EnableKeyRotationAsync(call.Request.RequiredString("KeyId"), call.Request.Integer("RotationPeriodInDays"), call.CancellationToken))),
        KmsAction.OnKey("DisableKeyRotation", async call => Empty(await call.Keys.DisableKeyRotationAsync(call.Request.RequiredString("KeyId"), call.CancellationToken))),
        KmsAction.OnKey("GetKeyRotationStatus", GetKeyRotationStatusAsync),
    ];

    /// <summary>
    /// A symmetric key for encryption, with Coffer's own key material: what every other choice CreateKey offers would
    /// ask (key policies, tags, asymmetric or HMAC keys, imported or external material, multi-Region keys) is refused.
    /// </summary>
    private static async Task<JsonObject> CreateKeyAsync(KmsCall call)
    {
        var request = call.Request;
        RequireOneOf(request, "KeyUsage", "ENCRYPT_DECRYPT");
        RequireOneOf(request, "KeySpec", KmsJson.SymmetricDefault);
        RequireOneOf(request, "CustomerMasterKeySpec", KmsJson.SymmetricDefault);
        RequireOneOf(request, "Origin", "AWS_KMS");
        foreach (var member in (string[])["Policy", "Tags", "CustomKeyStoreId", "XksKeyId"])
        {
            if (request.Has(member))
            {
                throw KmsException.Unsupported($"Coffer's key service does not support {member} on CreateKey.");
            }
        }

        if (request.Boolean("MultiRegion") == true)
        {
            throw KmsException.Unsupported("Coffer's key service has one Region; it does not make multi-Region keys.");
        }

        return Metadata(call, await call.Keys.CreateKeyAsync(request.String("Description"), call.CancellationToken));
    }

    private static async Task<JsonObject> ListKeysAsync(KmsCall call)
    {
        var (keys, next) = await call.Keys.ListKeysAsync(call.Request.Integer("Limit"), call.Request.String("Marker"), call.CancellationToken);
        var entries = new JsonArray([.. keys.Select(k => new JsonObject { ["KeyId"] = k.Id, ["KeyArn"] = call.Keys.Arns.Key(k.Id) })]);
        return KmsJson.Page(new JsonObject { ["Keys"] = entries }, next);
    }

    private static async Task<JsonObject> ScheduleKeyDeletionAsync(KmsCall call)
    {
        var key = await call.Keys.ScheduleKeyDeletionAsync(call.Request.RequiredString("KeyId"), call.Request.Integer("PendingWindowInDays"), call.CancellationToken);
        return new JsonObject
        {
            ["KeyId"] = call.Keys.Arns.Key(key.Id),
            ["DeletionDate"] = KmsJson.Date(key.DeletionDate!.Value),
            ["KeyState"] = key.State.ToString(),
            ["PendingWindowInDays"] = key.PendingWindowDays,
        };
    }

    private static async Task<JsonObject> GetKeyRotationStatusAsync(KmsCall call)
    {
        var key = await call.Keys.GetKeyRotationStatusAsync(call.Request.RequiredString("KeyId"), call.CancellationToken);
        var status = new JsonObject { ["KeyId"] = call.Keys.Arns.Key(key.Id), ["KeyRotationEnabled"] = key.RotationEnabled };
        if (key.RotationPeriodDays is { } days)
        {
            status["RotationPeriodInDays"] = days;
            status["NextRotationDate"] = KmsJson.Date(key.NextRotation!.Value);
        }

        return status;
    }

    private static void RequireOneOf(KmsRequest request, string member, string supported)
    {
        if (request.String(member) is { } value && value != supported)
        {
            throw KmsException.Unsupported($"Coffer's key service makes only {supported} keys; {member} {value} is not supported.");
        }
    }

    private static JsonObject Metadata(KmsCall call, KmsKey key) => new() { ["KeyMetadata"] = KmsJson.KeyMetadata(key, call.Keys.Arns) };

    private static JsonObject Empty(KmsKey _) => [];
}
