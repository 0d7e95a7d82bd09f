using Coffer.Access.Parsing;

namespace Coffer.Access.Policies;

/// <summary>
/// Turns policy JSON into a <see cref="PolicyDocument"/>, or throws
/// <see cref="MalformedPolicyException"/> saying what is wrong. Size limits (20 KB for bucket
/// policies, 6,144 characters for IAM managed policies) are the caller's to enforce.
/// </summary>
public static class PolicyParser
{
    /// <summary>The grammar alone, with no rule about Principal or Resource being present.</summary>
    public static PolicyDocument Parse(string json) => DocumentReader.Read(json);

    /// <summary>
    /// A policy attached to a user, group or role, or passed as a session policy: no Principal
    /// or NotPrincipal, and every statement has Resource or NotResource.
    /// </summary>
    public static PolicyDocument ParseIdentityPolicy(string json)
    {
        var policy = DocumentReader.Read(json);
        PolicyKindRules.CheckIdentityPolicy(policy);
        return policy;
    }

    /// <summary>
    /// A role's trust policy (AssumeRolePolicyDocument): every statement names a Principal (or
    /// NotPrincipal), has no Resource, and speaks of STS actions only.
    /// </summary>
    public static PolicyDocument ParseTrustPolicy(string json)
    {
        var policy = DocumentReader.Read(json);
        PolicyKindRules.CheckTrustPolicy(policy);
        return policy;
    }

    /// <summary>
    /// A bucket policy for <paramref name="bucketName"/>: every statement has Principal (or
    /// NotPrincipal) and Resource (or NotResource); actions are S3's ("Policy has invalid action"
    /// otherwise) and resources lie within the bucket ("Policy has invalid resource" otherwise).
    /// </summary>
    public static PolicyDocument ParseBucketPolicy(string json, string bucketName)
    {
        var policy = DocumentReader.Read(json);
        PolicyKindRules.CheckBucketPolicy(policy, bucketName);
        return policy;
    }
}
