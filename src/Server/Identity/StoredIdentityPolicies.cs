using Coffer.Access.Policies;
using Coffer.Access.Principals;
using Coffer.Iam;
using Coffer.S3.Authorization;

namespace Coffer.Server.Identity;

/// <summary>S3's view of callers' identity policies: the same <see cref="IdentityPolicies"/> that IAM and STS decide by.</summary>
public sealed class StoredIdentityPolicies(IdentityPolicies policies) : IIdentityPolicySource
{
    public Task<IReadOnlyList<PolicyDocument>?> ForAsync(RequestPrincipal caller, CancellationToken cancellationToken) =>
        policies.ForAsync(caller, cancellationToken);
}
