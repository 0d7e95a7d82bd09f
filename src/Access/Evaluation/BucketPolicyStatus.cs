using System.Collections.Frozen;

using Coffer.Access.Conditions;
using Coffer.Access.Conditions.Operators;
using Coffer.Access.Policies;

namespace Coffer.Access.Evaluation;

/// <summary>GetBucketPolicyStatus: whether a bucket policy makes the bucket public.</summary>
/// <remarks>
/// Follows S3's meaning of "public"
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
/// a statement is public when it allows everyone (<c>"*"</c>, <c>{"AWS": "*"}</c>, or any
/// NotPrincipal) and no condition pins it to fixed values of a key that identifies who or where
/// the caller is. A pin must be a positive operator without IfExists or ForAllValues (both let an
/// absent key through) and values without wildcards or variables. For aws:SourceIp we take a
/// block broader than /8 (IPv4) or /32 (IPv6) as not limiting anything.
/// </remarks>
public static class BucketPolicyStatus
{
    private const int WidestLimitingIPv4Prefix = 8;
    private const int WidestLimitingIPv6Prefix = 32;

    private static readonly FrozenSet<string> IdentifyingKeys = new[]
    {
        "aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceOwner", "aws:SourceAccount",
        "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalOrgID", "aws:userid",
        "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> PinningOperators = new[]
    {
        "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool IsPublic(PolicyDocument policy) => policy.Statements.Any(IsPublic);

    private static bool IsPublic(Statement statement) =>
        statement.Effect == Effect.Allow
        && statement.Principal is { } principal
        && (principal.IsEveryone || principal.IsNotPrincipal)
        && !statement.Conditions.Conditions.Any(PinsCaller);

    private static bool PinsCaller(Condition condition)
    {
        if (condition.IfExists || condition.Qualifier == SetQualifier.ForAllValues)
        {
            return false;
        }

        if (string.Equals(condition.Key, "aws:SourceIp", StringComparison.OrdinalIgnoreCase)
            && string.Equals(condition.BaseOperator, "IpAddress", StringComparison.OrdinalIgnoreCase))
        {
            return condition.Values.All(IsNarrowNetwork);
        }

        return IdentifyingKeys.Contains(condition.Key)
            && PinningOperators.Contains(condition.BaseOperator)
            && condition.Values.All(v => v.AsSpan().IndexOfAny("*?$") < 0);
    }

    private static bool IsNarrowNetwork(string value) =>
        ValueParsing.TryParseNetwork(value, out var network)
        && network.PrefixLength >= (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? WidestLimitingIPv4Prefix
            : WidestLimitingIPv6Prefix);
}
