using System.Text.Json.Nodes;

namespace Coffer.Iam.Kms;

/// <summary>
/// Aliases. As KMS, changing an alias needs the action on the alias and on each key it involves: CreateAlias on the
/// alias and the target; UpdateAlias on the alias, the key it leaves and the key it joins; DeleteAlias on the alias and
/// its key.
/// </summary>
internal static class KmsAliasActions
{
    public static IEnumerable<KmsAction> All =>
    [
        new("CreateAlias", async call => [Alias(call, "CreateAlias"), ("kms:CreateAlias", await call.KeyArnAsync("TargetKeyId"))], CreateAliasAsync),
        KmsAction.OnAnyResource("ListAliases", ListAliasesAsync),
        new(
            "UpdateAlias",
            async call => [Alias(call, "UpdateAlias"), ("kms:UpdateAlias", await call.KeyArnAsync("AliasName")), ("kms:UpdateAlias", await call.KeyArnAsync("TargetKeyId"))],
            UpdateAliasAsync),
        new("DeleteAlias", async call => [Alias(call, "DeleteAlias"), ("kms:DeleteAlias", await call.KeyArnAsync("AliasName"))], DeleteAliasAsync),
    ];

    private static async Task<JsonObject> CreateAliasAsync(KmsCall call)
    {
        await call.Keys.CreateAliasAsync(call.Request.RequiredString("AliasName"), call.Request.RequiredString("TargetKeyId"), call.CancellationToken);
        return [];
    }

    private static async Task<JsonObject> ListAliasesAsync(KmsCall call)
    {
        var request = call.Request;
        var (aliases, next) = await call.Keys.ListAliasesAsync(request.String("KeyId"), request.Integer("Limit"), request.String("Marker"), call.CancellationToken);
        var entries = new JsonArray([.. aliases.Select(a => KmsJson.Alias(a, call.Keys.Arns))]);
        return KmsJson.Page(new JsonObject { ["Aliases"] = entries }, next);
    }

    private static async Task<JsonObject> UpdateAliasAsync(KmsCall call)
    {
        await call.Keys.UpdateAliasAsync(call.Request.RequiredString("AliasName"), call.Request.RequiredString("TargetKeyId"), call.CancellationToken);
        return [];
    }

    private static async Task<JsonObject> DeleteAliasAsync(KmsCall call)
    {
        await call.Keys.DeleteAliasAsync(call.Request.RequiredString("AliasName"), call.CancellationToken);
        return [];
    }

    private static (string, string) Alias(KmsCall call, string action) =>
        ("kms:" + action, call.Keys.Arns.Alias(call.Request.RequiredString("AliasName")));
}
