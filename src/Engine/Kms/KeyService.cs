using System.Security.Cryptography;
using System.Text;

using Coffer.Engine.Encryption;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Kms;

/// <summary>
/// The built-in key service: symmetric keys whose material is wrapped by the server's master key, with KMS's states,
/// aliases, rotation and deletion window. What KMS decides (which states allow what, the limits on every value) is
/// decided here; the store only keeps it, and the KMS protocol layer only translates. The cryptographic half is in
/// KeyService.Crypto.cs, aliases in KeyService.Aliases.cs.
/// </summary>
public sealed partial class KeyService(IKmsStore store, MasterKeyring masterKeys, TimeProvider clock, KmsArns arns)
{
    public const int DefaultPendingWindowDays = 30;

    public const int DefaultRotationPeriodDays = 365;

    private const int MaxDescriptionLength = 8192;

    private const int DefaultListLimit = 100;

    private const int MaxListLimit = 1000;

    public KmsArns Arns => arns;

    public async Task<KmsKey> CreateKeyAsync(string? description, CancellationToken cancellationToken)
    {
        description ??= "";
        if (description.Length > MaxDescriptionLength)
        {
            throw Invalid($"Value at 'description' failed to satisfy constraint: Member must have length less than or equal to {MaxDescriptionLength}");
        }

        // A NUL cannot be stored by every metadata store (PostgreSQL's text refuses it), so no store is asked to: the
        // same refusal on all of them, rather than a description one deployment keeps and another fails on.
        if (description.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid("Value at 'description' failed to satisfy constraint: Member must not contain the NUL character");
        }

        return await CreateAsync(description, KmsKeyManager.Customer, cancellationToken);
    }

    /// <exception cref="KeyServiceException">NotFound: no such key or alias, or a key whose deletion date has passed.</exception>
    public async Task<KmsKey> DescribeKeyAsync(string? keyId, CancellationToken cancellationToken) =>
        await FindAsync(KeyReference.Parse(keyId, arns, allowAlias: true), cancellationToken);

    /// <returns>The page, and the marker of the next one (null on the last page).</returns>
    public async Task<(IReadOnlyList<KmsKey> Keys, string? NextMarker)> ListKeysAsync(int? limit, string? marker, CancellationToken cancellationToken)
    {
        var size = PageSize(limit);
        if (marker is not null && !Guid.TryParseExact(marker, "D", out _))
        {
            throw new KeyServiceException(KeyServiceError.InvalidMarker, "Invalid marker");
        }

        // One more than the page shows whether another page follows; keys past their deletion date are not listed.
        var keys = await store.ListKmsKeysAsync(marker, size + 1, cancellationToken);
        var page = keys.Take(size).ToList();
        var nextMarker = keys.Count > size ? page[^1].Id : null;
        var now = clock.GetUtcNow();
        return (page.Where(k => !IsDeleted(k, now)).ToList(), nextMarker);
    }

    public Task<KmsKey> EnableKeyAsync(string? keyId, CancellationToken cancellationToken) =>
        ChangeKeyAsync(
            keyId,
            key => key.State == KmsKeyState.PendingDeletion
                ? throw InvalidState(key, "is pending deletion")
                : key with { State = KmsKeyState.Enabled },
            cancellationToken);

    public Task<KmsKey> DisableKeyAsync(string? keyId, CancellationToken cancellationToken) =>
        ChangeKeyAsync(
            keyId,
            key => key.State == KmsKeyState.PendingDeletion
                ? throw InvalidState(key, "is pending deletion")
                : key with { State = KmsKeyState.Disabled },
            cancellationToken);

    /// <param name="pendingWindowDays">7 to 30; 30 when not given, as KMS.</param>
    public Task<KmsKey> ScheduleKeyDeletionAsync(string? keyId, int? pendingWindowDays, CancellationToken cancellationToken)
    {
        var days = pendingWindowDays ?? DefaultPendingWindowDays;
        if (days is < 7 or > 30)
        {
            throw Invalid("Value at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30");
        }

        return ChangeKeyAsync(
            keyId,
            key => key.State == KmsKeyState.PendingDeletion
                ? throw InvalidState(key, "is pending deletion")
                : key with { State = KmsKeyState.PendingDeletion, DeletionDate = clock.GetUtcNow().AddDays(days), PendingWindowDays = days },
            cancellationToken);
    }

    /// <summary>Ends a key's waiting period; it comes back disabled, as from KMS.</summary>
    public Task<KmsKey> CancelKeyDeletionAsync(string? keyId, CancellationToken cancellationToken) =>
        ChangeKeyAsync(
            keyId,
            key => key.State != KmsKeyState.PendingDeletion
                ? throw InvalidState(key, "is not pending deletion")
                : key with { State = KmsKeyState.Disabled, DeletionDate = null, PendingWindowDays = null },
            cancellationToken);

    /// <param name="periodDays">90 to 2560; 365 when not given, as KMS.</param>
    public Task<KmsKey> EnableKeyRotationAsync(string? keyId, int? periodDays, CancellationToken cancellationToken)
    {
        var days = periodDays ?? DefaultRotationPeriodDays;
        if (days is < 90 or > 2560)
        {
            throw Invalid("Value at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560");
        }

        // The period counts from now: material older than a new, shorter period is not rotated at once.
        return ChangeKeyAsync(
            keyId,
            key => Usable(key) with { RotationPeriodDays = days, RotatedAt = key.RotationEnabled ? key.RotatedAt : clock.GetUtcNow() },
            cancellationToken);
    }

    public Task<KmsKey> DisableKeyRotationAsync(string? keyId, CancellationToken cancellationToken) =>
        ChangeKeyAsync(keyId, key => Usable(key) with { RotationPeriodDays = null }, cancellationToken);

    /// <summary>The key, whose <see cref="KmsKey.RotationEnabled"/>, period and next rotation GetKeyRotationStatus reports.</summary>
    public async Task<KmsKey> GetKeyRotationStatusAsync(string? keyId, CancellationToken cancellationToken)
    {
        var key = await FindAsync(KeyReference.Parse(keyId, arns, allowAlias: false), cancellationToken);
        return key.State == KmsKeyState.PendingDeletion ? throw InvalidState(key, "is pending deletion") : key;
    }

    /// <summary>
    /// The key the service keeps for itself under <paramref name="aliasName"/> (such as <c>alias/aws/s3</c>), made on
    /// first use as KMS makes an AWS managed key.
    /// </summary>
    public async Task<KmsKey> ManagedKeyAsync(string aliasName, CancellationToken cancellationToken)
    {
        if (await store.GetKmsAliasAsync(aliasName, cancellationToken) is { } alias
            && await store.GetKmsKeyAsync(alias.KeyId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var service = aliasName["alias/aws/".Length..];
        var key = await CreateAsync($"Default key that protects my {service.ToUpperInvariant()} objects when no other key is defined", KmsKeyManager.Aws, cancellationToken);
        var now = clock.GetUtcNow();
        if (!await store.CreateKmsAliasAsync(new KmsAlias(aliasName, key.Id, now, now), cancellationToken))
        {
            // Another request made it first: use that one, and let this unused key go.
            await store.DeleteKmsKeyAsync(key.Id, cancellationToken);
            var winner = await store.GetKmsAliasAsync(aliasName, cancellationToken) ?? throw new InvalidOperationException($"{aliasName} vanished as it was made.");
            return await store.GetKmsKeyAsync(winner.KeyId, cancellationToken) ?? throw new InvalidOperationException($"{aliasName} names no key.");
        }

        return key;
    }

    private async Task<KmsKey> CreateAsync(string description, KmsKeyManager manager, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var key = new KmsKey(
            Guid.NewGuid().ToString("D"),
            description,
            KmsKeyState.Enabled,
            manager,
            now,
            DeletionDate: null,
            PendingWindowDays: null,
            // AWS managed keys rotate every year, always; customer keys only when asked.
            RotationPeriodDays: manager == KmsKeyManager.Aws ? DefaultRotationPeriodDays : null,
            RotatedAt: now);
        await store.CreateKmsKeyAsync(key, NewMaterial(key.Id, 1, now), cancellationToken);
        return key;
    }

    private async Task<KmsKey> ChangeKeyAsync(string? keyId, Func<KmsKey, KmsKey> change, CancellationToken cancellationToken)
    {
        var key = await FindAsync(KeyReference.Parse(keyId, arns, allowAlias: false), cancellationToken);
        if (key.Manager == KmsKeyManager.Aws)
        {
            throw new KeyServiceException(KeyServiceError.ManagedByAws, $"You cannot change the AWS managed key {arns.Key(key.Id)}.");
        }

        var changed = change(key);
        return await store.UpdateKmsKeyAsync(changed, cancellationToken) ? changed : throw KeyReference.NotFound(arns.Key(key.Id));
    }

    /// <summary>The key named, resolving an alias; a key whose waiting period has ended is deleted now and not found.</summary>
    private async Task<KmsKey> FindAsync(KeyReference reference, CancellationToken cancellationToken)
    {
        var id = reference.KeyId;
        if (reference.AliasName is { } aliasName)
        {
            var alias = await store.GetKmsAliasAsync(aliasName, cancellationToken)
                ?? throw new KeyServiceException(KeyServiceError.NotFound, $"Alias {arns.Alias(aliasName)} is not found.");
            id = alias.KeyId;
        }

        var key = await store.GetKmsKeyAsync(id!, cancellationToken) ?? throw KeyReference.NotFound(reference.Text);
        if (IsDeleted(key, clock.GetUtcNow()))
        {
            await store.DeleteKmsKeyAsync(key.Id, cancellationToken);
            throw KeyReference.NotFound(reference.Text);
        }

        return key;
    }

    private KmsKeyMaterial NewMaterial(string keyId, int version, DateTimeOffset now)
    {
        var material = RandomNumberGenerator.GetBytes(MasterKeyring.KeySize);
        try
        {
            return new KmsKeyMaterial(keyId, version, masterKeys.Wrap(material, MaterialContext(keyId, version)), now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Binds wrapped material to its key and version, so that rows cannot be swapped between keys unnoticed.</summary>
    internal static byte[] MaterialContext(string keyId, int version) => Encoding.UTF8.GetBytes($"coffer kms key material {keyId}/{version}");

    private static bool IsDeleted(KmsKey key, DateTimeOffset now) => key.DeletionDate is { } date && date <= now;

    private static int PageSize(int? limit) => limit switch
    {
        null => DefaultListLimit,
        < 1 or > MaxListLimit => throw Invalid($"Value at 'limit' failed to satisfy constraint: Member must have value between 1 and {MaxListLimit}"),
        _ => limit.Value,
    };

    private KeyServiceException InvalidState(KmsKey key, string why) =>
        new(KeyServiceError.InvalidState, $"{arns.Key(key.Id)} {why}.");

    private static KeyServiceException Invalid(string constraint) =>
        new(KeyServiceError.Validation, "1 validation error detected: " + constraint);
}
