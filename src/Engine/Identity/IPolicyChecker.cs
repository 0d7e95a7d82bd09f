namespace Coffer.Engine.Identity;

/// <summary>
/// Checks policy documents before they are stored. The policy language lives outside the engine
/// (Coffer.Access), so the host supplies it; an engine that stored a document unchecked could
/// later hand evaluation a policy it cannot read.
/// </summary>
public interface IPolicyChecker
{
    /// <summary>A policy for a user, group or role.</summary>
    /// <exception cref="IdentityException">With <see cref="IdentityError.MalformedPolicyDocument"/>, saying what is wrong.</exception>
    void CheckIdentityPolicy(string document);

    /// <summary>A role's trust policy (who may assume it).</summary>
    /// <exception cref="IdentityException">With <see cref="IdentityError.MalformedPolicyDocument"/>, saying what is wrong.</exception>
    void CheckTrustPolicy(string document);
}
