namespace Coffer.Engine.Kms;

/// <summary>
/// A key of the key service: what KMS calls a KMS key, symmetric, for encrypting and decrypting. Its key material
/// lives apart (<see cref="KmsKeyMaterial"/>), one version per rotation, and never leaves the server except sealed.
/// </summary>
/// <param name="Id">A GUID in its usual form, as KMS's key ids are.</param>
/// <param name="DeletionDate">When a key pending deletion is deleted; null in the other states.</param>
/// <param name="PendingWindowDays">The waiting period it was scheduled with; null unless pending deletion.</param>
/// <param name="RotationPeriodDays">Automatic rotation's period; null while rotation is off.</param>
/// <param name="RotatedAt">When its newest key material was made: at creation, then at each rotation.</param>
public sealed record KmsKey(
    string Id,
    string Description,
    KmsKeyState State,
    KmsKeyManager Manager,
    DateTimeOffset Created,
    DateTimeOffset? DeletionDate,
    int? PendingWindowDays,
    int? RotationPeriodDays,
    DateTimeOffset RotatedAt)
{
    public bool RotationEnabled => RotationPeriodDays is not null;

    /// <summary>When automatic rotation next makes new key material; null while rotation is off.</summary>
    public DateTimeOffset? NextRotation => RotationPeriodDays is { } days ? RotatedAt.AddDays(days) : null;
}

/// <summary>The states a key passes through, by KMS's names (KeyState).</summary>
public enum KmsKeyState
{
    Enabled,
    Disabled,
    PendingDeletion,
}

/// <summary>Who manages a key: the account's people (CUSTOMER), or the service for itself (AWS), as the aws/s3 key is.</summary>
public enum KmsKeyManager
{
    Customer,
    Aws,
}
