using System.Globalization;
using System.Text.Json.Nodes;

namespace Coffer.Server.Admin;

/// <summary>
/// What `coffer admin kms list` and `describe` show of one key, read through the KMS API as any client reads it:
/// DescribeKey, GetKeyRotationStatus and the aliases that name it.
/// </summary>
/// <param name="Rotation">Null for a key pending deletion, whose rotation status KMS does not give.</param>
internal sealed record KmsKeyView(
    string Id,
    string Arn,
    string State,
    string Manager,
    string Description,
    DateTimeOffset? Created,
    DateTimeOffset? DeletionDate,
    int? PendingWindowDays,
    KmsRotationView? Rotation,
    IReadOnlyList<string> Aliases)
{
    public const string PendingDeletion = "PendingDeletion";

    /// <summary>Every alias, by the id of the key it names, so that a listing asks for them once.</summary>
    public static async Task<ILookup<string, string>> AliasesByKeyAsync(AdminSession admin, CancellationToken cancellationToken) =>
        (await admin.ListAllKmsAsync("ListAliases", "Aliases", cancellationToken))
            .Where(a => KmsApiClient.Text(a, "TargetKeyId") is not null)
            .ToLookup(a => KmsApiClient.Text(a, "TargetKeyId")!, a => KmsApiClient.Text(a, "AliasName") ?? "", StringComparer.Ordinal);

    /// <param name="key">A key id, key ARN, alias name or alias ARN, as KMS takes them.</param>
    public static async Task<KmsKeyView> ReadAsync(AdminSession admin, string key, ILookup<string, string> aliases, CancellationToken cancellationToken)
    {
        var metadata = (await admin.KmsAsync("DescribeKey", new JsonObject { ["KeyId"] = key }, cancellationToken))["KeyMetadata"] as JsonObject ?? [];
        var id = KmsApiClient.Text(metadata, "KeyId") ?? key;
        var state = KmsApiClient.Text(metadata, "KeyState") ?? "";

        // KMS refuses GetKeyRotationStatus for a key pending deletion (KMSInvalidStateException); such a key has no
        // rotation to show.
        KmsRotationView? rotation = null;
        if (state != PendingDeletion)
        {
            var status = await admin.KmsAsync("GetKeyRotationStatus", new JsonObject { ["KeyId"] = id }, cancellationToken);
            rotation = new KmsRotationView(status["KeyRotationEnabled"]?.GetValue<bool>() == true, Integer(status, "RotationPeriodInDays"), Date(status, "NextRotationDate"));
        }

        return new KmsKeyView(
            id,
            KmsApiClient.Text(metadata, "Arn") ?? "",
            state,
            KmsApiClient.Text(metadata, "KeyManager") ?? "",
            KmsApiClient.Text(metadata, "Description") ?? "",
            Date(metadata, "CreationDate"),
            Date(metadata, "DeletionDate"),
            Integer(metadata, "PendingDeletionWindowInDays"),
            rotation,
            [.. aliases[id].Order(StringComparer.Ordinal)]);
    }

    /// <summary>"2027-01-05T17:09:15Z": UTC, to the second, as the IAM listings print their dates.</summary>
    public static string Format(DateTimeOffset? when) =>
        when?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A KMS timestamp: seconds since the epoch, with a fraction.</summary>
    public static DateTimeOffset? Date(JsonObject json, string member) =>
        json[member] is JsonValue value && value.TryGetValue<double>(out var seconds)
            ? DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000))
            : null;

    private static int? Integer(JsonObject json, string member) =>
        json[member] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}

/// <summary>Automatic rotation of a key: whether it is on, its period and when it next makes new key material.</summary>
internal sealed record KmsRotationView(bool Enabled, int? PeriodDays, DateTimeOffset? Next)
{
    /// <summary>"on, next 2027-12-06T17:09:15Z" or "off".</summary>
    public override string ToString() => Enabled ? $"on, next {KmsKeyView.Format(Next)}" : "off";
}
