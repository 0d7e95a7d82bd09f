namespace Coffer.Engine.Kms;

/// <summary>
/// How a request names a key: by key id, key ARN, alias name (<c>alias/…</c>) or alias ARN. Parsed once; the key
/// service resolves it to a key.
/// </summary>
/// <param name="KeyId">The key id, when the key was named directly.</param>
/// <param name="AliasName">The alias, with its <c>alias/</c> prefix, when it was named through one.</param>
public sealed record KeyReference(string? KeyId, string? AliasName)
{
    private const string AliasPrefix = "alias/";

    private const string KeyPrefix = "key/";

    /// <summary>What the caller wrote, for messages.</summary>
    public required string Text { get; init; }

    /// <param name="allowAlias">False where KMS takes only a key id or key ARN (EnableKey, ScheduleKeyDeletion, …).</param>
    /// <exception cref="KeyServiceException">Empty, or an ARN of another partition's form; or an alias where none is allowed.</exception>
    public static KeyReference Parse(string? text, KmsArns arns, bool allowAlias)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 2048)
        {
            throw new KeyServiceException(KeyServiceError.Validation, "1 validation error detected: Value at 'keyId' failed to satisfy constraint: Member must have length between 1 and 2048");
        }

        var local = text;
        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            // An ARN of another region or account names a key this server does not have.
            if (!text.StartsWith(arns.Prefix, StringComparison.Ordinal))
            {
                throw NotFound(text);
            }

            local = text[arns.Prefix.Length..];
            if (local.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                return new KeyReference(local[KeyPrefix.Length..], null) { Text = text };
            }

            if (!local.StartsWith(AliasPrefix, StringComparison.Ordinal))
            {
                throw NotFound(text);
            }
        }

        if (local.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            return allowAlias
                ? new KeyReference(null, local) { Text = text }
                : throw NotFound(text);
        }

        return new KeyReference(local, null) { Text = text };
    }

    public static KeyServiceException NotFound(string text) =>
        new(KeyServiceError.NotFound, $"Key '{text}' does not exist");
}
