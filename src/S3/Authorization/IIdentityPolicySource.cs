using Coffer.Access.Policies;
using Coffer.Access.Principals;

namespace Coffer.S3.Authorization;

/// <summary>
/// The identity policies of a signed caller: an IAM user's inline and attached policies and
/// those of its groups, or an assumed role's. Kept behind an interface so that S3 knows no store.
/// </summary>
public interface IIdentityPolicySource
{
    /// <summary>
    /// Empty for the root account and principals that no longer exist; null when the caller
    /// cannot be judged (a stored document no longer parses, and might have held a Deny), which
    /// refuses the request.
    /// </summary>
    Task<IReadOnlyList<PolicyDocument>?> ForAsync(RequestPrincipal caller, CancellationToken cancellationToken);
}
