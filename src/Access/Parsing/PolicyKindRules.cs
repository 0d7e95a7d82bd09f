using Coffer.Access.Policies;

namespace Coffer.Access.Parsing;

/// <summary>What identity policies and bucket policies each require beyond the common grammar.</summary>
internal static class PolicyKindRules
{
    private const string S3ArnPrefix = "arn:aws:s3:::";

    /// <summary>Attached to a user, group or role (or a session): the principal is implied, so naming one is an error.</summary>
    public static void CheckIdentityPolicy(PolicyDocument policy)
    {
        for (var i = 0; i < policy.Statements.Count; i++)
        {
            var statement = policy.Statements[i];
            var fail = StatementReader.StatementFailure(i, statement.Sid);
            if (statement.Principal is not null)
            {
                throw fail("Policy document should not specify a principal");
            }

            if (statement.Resources is null)
            {
                throw fail("Missing required field Resource (or NotResource)");
            }
        }
    }

    /// <summary>
    /// A role's trust policy: the resource is the role itself, so naming one is an error, and the
    /// only thing it can grant is assuming the role (or tagging the session), which are STS's.
    /// </summary>
    public static void CheckTrustPolicy(PolicyDocument policy)
    {
        for (var i = 0; i < policy.Statements.Count; i++)
        {
            var statement = policy.Statements[i];
            var fail = StatementReader.StatementFailure(i, statement.Sid);
            if (statement.Principal is null)
            {
                throw fail("Missing required field Principal (or NotPrincipal)");
            }

            if (statement.Resources is not null)
            {
                throw fail("Has prohibited field Resource");
            }

            if (statement.Actions.Patterns.Any(a => a.Text != "*" && !string.Equals(a.Vendor, "sts", StringComparison.OrdinalIgnoreCase)))
            {
                throw fail("AssumeRole policy may only specify STS AssumeRole actions");
            }
        }
    }

    /// <summary>
    /// Attached to a bucket: every statement names a principal, speaks of S3 actions, and of
    /// resources in this bucket only. The last two answer with S3's own words.
    /// </summary>
    public static void CheckBucketPolicy(PolicyDocument policy, string bucketName)
    {
        for (var i = 0; i < policy.Statements.Count; i++)
        {
            var statement = policy.Statements[i];
            var fail = StatementReader.StatementFailure(i, statement.Sid);
            if (statement.Principal is null)
            {
                throw fail("Missing required field Principal (or NotPrincipal)");
            }

            if (statement.Resources is null)
            {
                throw fail("Missing required field Resource (or NotResource)");
            }

            if (statement.Actions.Patterns.Any(a => a.Text != "*" && !string.Equals(a.Vendor, "s3", StringComparison.OrdinalIgnoreCase)))
            {
                throw new MalformedPolicyException("Policy has invalid action");
            }

            if (statement.Resources.Patterns.Any(r => !IsWithinBucket(r.Text, bucketName)))
            {
                throw new MalformedPolicyException("Policy has invalid resource");
            }
        }
    }

    /// <summary>
    /// Whether a Resource pattern can only name the bucket or its objects. Without wildcards it
    /// must be the bucket's ARN or begin with it and a slash. With wildcards, the literal text
    /// before the first one must agree with "arn:aws:s3:::bucket/" for as long as either runs:
    /// <c>arn:aws:s3:::media/*</c>, <c>arn:aws:s3:::med*</c> and <c>*</c> pass,
    /// <c>arn:aws:s3:::other/*</c> does not.
    /// </summary>
    internal static bool IsWithinBucket(string pattern, string bucketName)
    {
        var bucketArn = S3ArnPrefix + bucketName;
        var objectScope = bucketArn + "/";
        var firstWildcard = pattern.AsSpan().IndexOfAny('*', '?');
        if (firstWildcard < 0)
        {
            return pattern == bucketArn || pattern.StartsWith(objectScope, StringComparison.Ordinal);
        }

        var literal = pattern[..firstWildcard];
        return objectScope.StartsWith(literal, StringComparison.Ordinal) || literal.StartsWith(objectScope, StringComparison.Ordinal);
    }
}
