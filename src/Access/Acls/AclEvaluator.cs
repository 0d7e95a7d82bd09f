using Coffer.Access.Evaluation;

namespace Coffer.Access.Acls;

/// <summary>
/// Whether an ACL lets a caller do what an operation needs. ACLs only ever allow; a denial comes
/// from policies, never from an ACL.
/// </summary>
/// <remarks>
/// The rules, from S3's ACL overview
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html):
/// FULL_CONTROL includes the other four permissions; the resource owner may always read and
/// replace the ACL (READ_ACP and WRITE_ACP), whatever the grants say, so an owner cannot lock
/// itself out; AllUsers matches every caller, AuthenticatedUsers every signed caller, and
/// LogDelivery none of Coffer's callers.
/// </remarks>
public static class AclEvaluator
{
    /// <param name="ignorePublicGrants">
    /// The public access block's IgnorePublicAcls: grants to AllUsers and AuthenticatedUsers count for nothing.
    /// </param>
    public static AclDecision Decide(AccessControlList acl, AclCaller caller, AclPermission needed, bool ignorePublicGrants = false)
    {
        ArgumentNullException.ThrowIfNull(acl);
        ArgumentNullException.ThrowIfNull(caller);

        if (caller.CanonicalId == acl.OwnerId && needed is AclPermission.ReadAcp or AclPermission.WriteAcp)
        {
            return AclDecision.Allow;
        }

        foreach (var grant in acl.Grants)
        {
            if ((grant.Permission == needed || grant.Permission == AclPermission.FullControl)
                && !(ignorePublicGrants && grant.Grantee.IsPublic)
                && Matches(grant.Grantee, caller))
            {
                return AclDecision.Allow;
            }
        }

        return AclDecision.None;
    }

    private static bool Matches(AclGrantee grantee, AclCaller caller) => grantee.GroupUri switch
    {
        AclGrantee.AllUsersUri => true,
        AclGrantee.AuthenticatedUsersUri => !caller.IsAnonymous,
        null => grantee.CanonicalId == caller.CanonicalId,
        _ => false,
    };
}
