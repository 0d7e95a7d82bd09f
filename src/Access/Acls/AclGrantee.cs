namespace Coffer.Access.Acls;

/// <summary>Whom a grant names: one canonical user, or one of S3's predefined groups.</summary>
/// <remarks>
/// S3 also accepts a grantee by e-mail address (AmazonCustomerByEmail) and resolves it to a
/// canonical user when the grant is stored; Coffer has no e-mail addresses to resolve, so such a
/// grantee never reaches this type (the protocol layer refuses it as S3 refuses an unknown address).
/// </remarks>
public sealed record AclGrantee
{
    public const string AllUsersUri = "http://acs.amazonaws.com/groups/global/AllUsers";
    public const string AuthenticatedUsersUri = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public const string LogDeliveryUri = "http://acs.amazonaws.com/groups/s3/LogDelivery";

    private AclGrantee(string? canonicalId, string? groupUri)
    {
        CanonicalId = canonicalId;
        GroupUri = groupUri;
    }

    /// <summary>Everyone, signed or not.</summary>
    public static AclGrantee AllUsers { get; } = new(null, AllUsersUri);

    /// <summary>Every signed request, from any account.</summary>
    public static AclGrantee AuthenticatedUsers { get; } = new(null, AuthenticatedUsersUri);

    /// <summary>S3's server access log writer; no caller of Coffer is ever in it.</summary>
    public static AclGrantee LogDelivery { get; } = new(null, LogDeliveryUri);

    /// <summary>The 64-hex-digit canonical user id; null for a group.</summary>
    public string? CanonicalId { get; }

    /// <summary>The group's URI; null for a canonical user.</summary>
    public string? GroupUri { get; }

    public bool IsGroup => GroupUri is not null;

    /// <summary>A grant to this grantee makes a resource public: AllUsers or AuthenticatedUsers (S3's rule).</summary>
    public bool IsPublic => GroupUri is AllUsersUri or AuthenticatedUsersUri;

    public static AclGrantee User(string canonicalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalId);
        return new AclGrantee(canonicalId, null);
    }

    /// <summary>One of the three groups S3 defines; false for any other URI.</summary>
    public static bool TryGroup(string uri, out AclGrantee grantee)
    {
        grantee = uri switch
        {
            AllUsersUri => AllUsers,
            AuthenticatedUsersUri => AuthenticatedUsers,
            LogDeliveryUri => LogDelivery,
            _ => null!,
        };
        return grantee is not null;
    }
}

/// <summary>One entry of an ACL: a grantee and what it may do.</summary>
public sealed record AclGrant(AclGrantee Grantee, AclPermission Permission);
