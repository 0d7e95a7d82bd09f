using System.Text.RegularExpressions;

namespace Coffer.Engine.Kms;

/// <summary>Aliases: names of the form <c>alias/…</c> for keys, which KMS accepts wherever a key is used.</summary>
public sealed partial class KeyService
{
    private const string AliasPrefix = "alias/";

    /// <summary>Reserved for the keys the service manages for itself (alias/aws/s3).</summary>
    private const string ManagedAliasPrefix = "alias/aws/";

    private const int MaxAliasLength = 256;

    public async Task CreateAliasAsync(string? aliasName, string? targetKeyId, CancellationToken cancellationToken)
    {
        var name = ValidAliasName(aliasName);
        var key = await FindAsync(KeyReference.Parse(targetKeyId, arns, allowAlias: false), cancellationToken);
        var now = clock.GetUtcNow();
        if (!await store.CreateKmsAliasAsync(new KmsAlias(name, key.Id, now, now), cancellationToken))
        {
            throw new KeyServiceException(KeyServiceError.AlreadyExists, $"An alias with the name {arns.Alias(name)} already exists");
        }
    }

    /// <param name="keyId">When given, only the aliases of that key (id or key ARN).</param>
    public async Task<(IReadOnlyList<KmsAlias> Aliases, string? NextMarker)> ListAliasesAsync(
        string? keyId, int? limit, string? marker, CancellationToken cancellationToken)
    {
        var size = PageSize(limit);
        string? ofKey = null;
        if (keyId is not null)
        {
            ofKey = (await FindAsync(KeyReference.Parse(keyId, arns, allowAlias: false), cancellationToken)).Id;
        }

        if (marker is not null && !marker.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            throw new KeyServiceException(KeyServiceError.InvalidMarker, "Invalid marker");
        }

        var aliases = await store.ListKmsAliasesAsync(ofKey, marker, size + 1, cancellationToken);
        var page = aliases.Take(size).ToList();
        return (page, aliases.Count > size ? page[^1].Name : null);
    }

    /// <summary>Points an alias at another key; as KMS, the alias must exist and the key must be a customer's.</summary>
    public async Task UpdateAliasAsync(string? aliasName, string? targetKeyId, CancellationToken cancellationToken)
    {
        var name = ValidAliasName(aliasName);
        var key = await FindAsync(KeyReference.Parse(targetKeyId, arns, allowAlias: false), cancellationToken);
        if (!await store.UpdateKmsAliasAsync(name, key.Id, clock.GetUtcNow(), cancellationToken))
        {
            throw new KeyServiceException(KeyServiceError.NotFound, $"Alias {arns.Alias(name)} is not found.");
        }
    }

    public async Task DeleteAliasAsync(string? aliasName, CancellationToken cancellationToken)
    {
        var name = ValidAliasName(aliasName);
        if (!await store.DeleteKmsAliasAsync(name, cancellationToken))
        {
            throw new KeyServiceException(KeyServiceError.NotFound, $"Alias {arns.Alias(name)} is not found.");
        }
    }

    /// <summary>An alias people may create, move or delete: <c>alias/</c> and 1–250 of KMS's characters, outside alias/aws/.</summary>
    private static string ValidAliasName(string? aliasName)
    {
        if (string.IsNullOrEmpty(aliasName) || aliasName.Length > MaxAliasLength)
        {
            throw Invalid($"Value at 'aliasName' failed to satisfy constraint: Member must have length between 1 and {MaxAliasLength}");
        }

        if (!AliasPattern().IsMatch(aliasName))
        {
            throw Invalid(@"Value at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        }

        if (!aliasName.StartsWith(AliasPrefix, StringComparison.Ordinal) || aliasName.Length == AliasPrefix.Length)
        {
            throw new KeyServiceException(KeyServiceError.InvalidAliasName, "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }

        if (aliasName.StartsWith(ManagedAliasPrefix, StringComparison.Ordinal))
        {
            throw new KeyServiceException(KeyServiceError.InvalidAliasName, $"Alias {aliasName} is reserved for AWS managed keys.");
        }

        return aliasName;
    }

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();
}
