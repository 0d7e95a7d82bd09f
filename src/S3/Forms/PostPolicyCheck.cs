using Coffer.S3.Errors;

namespace Coffer.S3.Forms;

/// <summary>The file sizes a policy allows, both ends included.</summary>
public sealed record ContentLengthRange(long Min, long Max);

/// <summary>
/// Judges a form against its POST policy, as S3 does: the policy has not expired, every condition
/// holds, and every form field is named by some condition (so that whoever signed the policy
/// decided every value the upload carries). A pure function of its inputs.
/// </summary>
public static class PostPolicyCheck
{
    private const string Refused = "Invalid according to Policy: ";

    /// <summary>Fields that carry the policy and its signature, not the upload; no condition can name them.</summary>
    private static readonly HashSet<string> Exempt = new(StringComparer.OrdinalIgnoreCase)
    {
        "file", "policy", "x-amz-signature", "signature", "awsaccesskeyid",
    };

    /// <param name="policy">The parsed policy.</param>
    /// <param name="fields">
    /// The form's fields before the file, names compared case-insensitively, in form order: the
    /// bucket as the URL names it, and the key with <c>${filename}</c> already replaced, since S3
    /// checks the key it will store.
    /// </param>
    /// <param name="now">The server's clock.</param>
    /// <returns>The allowed file sizes, or null when the policy does not limit them.</returns>
    /// <exception cref="S3Exception">403 AccessDenied naming what failed.</exception>
    public static ContentLengthRange? Evaluate(PostPolicyDocument policy, IReadOnlyDictionary<string, string> fields, DateTimeOffset now)
    {
        if (now > policy.Expiration)
        {
            throw new S3Exception(S3Error.AccessDenied, Refused + "Policy expired.");
        }

        ContentLengthRange? range = null;
        foreach (var condition in policy.Conditions)
        {
            if (condition.Match == PostPolicyMatch.ContentLengthRange)
            {
                // Several ranges all apply: the file must fit each.
                range = range is null
                    ? new ContentLengthRange(condition.Min, condition.Max)
                    : new ContentLengthRange(Math.Max(range.Min, condition.Min), Math.Min(range.Max, condition.Max));
                continue;
            }

            // A field the form leaves out is empty: ["starts-with", "$x", ""] then still holds.
            var value = fields.TryGetValue(condition.Field, out var given) ? given : "";
            if (!Holds(condition, value))
            {
                throw new S3Exception(S3Error.AccessDenied, Refused + "Policy Condition failed: " + condition);
            }
        }

        foreach (var name in fields.Keys)
        {
            // x-ignore-* is S3's documented escape for fields meant for the page, not the upload; a
            // checksum only lets S3 verify the file, and S3 accepts one that no condition names.
            if (!Exempt.Contains(name)
                && !name.StartsWith("x-ignore-", StringComparison.OrdinalIgnoreCase)
                && !name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase)
                && !policy.Conditions.Any(c => c.Covers(name)))
            {
                throw new S3Exception(S3Error.AccessDenied, Refused + "Extra input fields: " + name);
            }
        }

        return range;
    }

    private static bool Holds(PostPolicyCondition condition, string value)
    {
        if (condition.Match == PostPolicyMatch.Exact)
        {
            return value.Equals(condition.Value, StringComparison.Ordinal);
        }

        // Content-Type may list several types separated by commas; each must start with the prefix
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html#sigv4-ConditionMatching).
        if (condition.Field.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && value.Contains(',', StringComparison.Ordinal))
        {
            return value.Split(',', StringSplitOptions.TrimEntries).All(part => part.StartsWith(condition.Value, StringComparison.Ordinal));
        }

        return value.StartsWith(condition.Value, StringComparison.Ordinal);
    }
}
