namespace Coffer.Engine.Identity;

/// <summary>The kinds of IAM identity that carry policies.</summary>
public enum PrincipalKind
{
    User,
    Group,
    Role,
}

/// <summary>
/// An IAM user, group or role. Names are unique per kind regardless of case, as IAM keeps them;
/// <see cref="Id"/> is the stable unique id IAM reports (AIDA… for users, AGPA… for groups,
/// AROA… for roles).
/// </summary>
public sealed record IamPrincipal
{
    public required PrincipalKind Kind { get; init; }

    public required string Name { get; init; }

    public required string Id { get; init; }

    /// <summary>IAM's path, "/" unless given: part of the ARN, used to filter listings.</summary>
    public string Path { get; init; } = "/";

    public required DateTimeOffset Created { get; init; }

    /// <summary>A role's trust policy: who may assume it. Null for users and groups.</summary>
    public string? TrustPolicy { get; init; }

    /// <summary>A role's longest session, in seconds. Null for users and groups.</summary>
    public int? MaxSessionSeconds { get; init; }
}

/// <summary>
/// An access key of a user. The secret is held only sealed (see <see cref="SecretBox"/>): the
/// store never sees it in the clear.
/// </summary>
public sealed record StoredAccessKey
{
    public required string AccessKeyId { get; init; }

    public required string UserName { get; init; }

    public required byte[] SealedSecret { get; init; }

    public bool Active { get; init; } = true;

    public required DateTimeOffset Created { get; init; }
}

/// <summary>A policy embedded in one user, group or role, under a name of its own.</summary>
public sealed record InlinePolicy(PrincipalKind Kind, string PrincipalName, string PolicyName, string Document);

/// <summary>A policy of its own, with an ARN, that can be attached to users, groups and roles.</summary>
public sealed record ManagedPolicy
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public required string Id { get; init; }

    public string Path { get; init; } = "/";

    public required string Document { get; init; }

    public string? Description { get; init; }

    public required DateTimeOffset Created { get; init; }
}

/// <summary>How an identity change ended; nothing changed unless <see cref="Done"/>.</summary>
public enum IdentityStatus
{
    Done,

    /// <summary>The entity named does not exist (IAM's NoSuchEntity).</summary>
    NotFound,

    /// <summary>An entity of that name exists already (IAM's EntityAlreadyExists).</summary>
    AlreadyExists,

    /// <summary>Other entities still depend on it: keys, policies, members, attachments (IAM's DeleteConflict).</summary>
    Conflict,

    /// <summary>A quota would be exceeded, such as two access keys per user (IAM's LimitExceeded).</summary>
    LimitExceeded,
}
