using Coffer.Iam.Groups;
using Coffer.Iam.Policies;
using Coffer.Iam.Roles;
using Coffer.Iam.Users;

namespace Coffer.Iam;

/// <summary>Every IAM action Coffer answers, in one place, so the endpoint dispatches by name alone.</summary>
internal static class IamActionCatalog
{
    public static IEnumerable<IamAction> All =>
        UserActions.All
            .Concat(AccessKeyActions.All)
            .Concat(GroupActions.All)
            .Concat(RoleActions.All)
            .Concat(InlinePolicyActions.All)
            .Concat(AttachedPolicyActions.All)
            .Concat(ManagedPolicyActions.All);
}
