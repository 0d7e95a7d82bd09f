namespace Coffer.Access.Acls;

/// <summary>
/// A bucket's or an object's ACL: its owner (a canonical user id) and up to 100 grants, in the
/// order they were given (S3 keeps the order, and so do we when showing them).
/// </summary>
public sealed record AccessControlList(string OwnerId, IReadOnlyList<AclGrant> Grants)
{
    /// <summary>S3's limit on grants in one ACL.</summary>
    public const int MaxGrants = 100;

    /// <summary>What a resource has when nobody said otherwise (the "private" canned ACL): the owner has full control.</summary>
    public static AccessControlList Default(string ownerId) =>
        new(ownerId, [new AclGrant(AclGrantee.User(ownerId), AclPermission.FullControl)]);

    /// <summary>True when any grant is to AllUsers or AuthenticatedUsers.</summary>
    public bool IsPublic => Grants.Any(grant => grant.Grantee.IsPublic);

    /// <summary>
    /// True when the ACL grants nothing beyond the owner's own rights: S3 accepts only such ACLs
    /// (besides bucket-owner-full-control) on a bucket whose ownership is BucketOwnerEnforced.
    /// </summary>
    public bool GrantsOnlyToOwner => Grants.All(grant => grant.Grantee.CanonicalId == OwnerId);

    public bool Equals(AccessControlList? other) =>
        other is not null && OwnerId == other.OwnerId && Grants.SequenceEqual(other.Grants);

    public override int GetHashCode() => HashCode.Combine(OwnerId, Grants.Count);
}
