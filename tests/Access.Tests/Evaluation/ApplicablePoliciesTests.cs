using Coffer.Access.Evaluation;
using Coffer.Access.Tests.Support;

namespace Coffer.Access.Tests.Evaluation;

/// <summary>Which condition keys a request's policies test, wherever the condition is written.</summary>
public class ApplicablePoliciesTests
{
    private const string TestsTeamTag = """ "Effect": "Deny", "Action": "s3:PutObjectTagging", "Resource": "*", "Condition": {"StringNotEquals": {"s3:RequestObjectTag/team": "a"}} """;

    private static bool IsRequestTagKey(string key) => key.StartsWith("s3:RequestObjectTag/", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void TestsConditionKey_InAnIdentityPolicyABucketPolicyOrASessionPolicy_IsTrue()
    {
        var identity = new ApplicablePolicies { IdentityPolicies = [SamplePolicies.Identity(""" "Effect": "Allow", "Action": "s3:*", "Resource": "*" """), SamplePolicies.Identity(TestsTeamTag)] };
        var bucket = new ApplicablePolicies { BucketPolicy = SamplePolicies.Bucket(TestsTeamTag.Replace("\"Effect\": \"Deny\",", "\"Effect\": \"Deny\", \"Principal\": \"*\",", StringComparison.Ordinal)) };
        var session = new ApplicablePolicies { SessionPolicy = SamplePolicies.Identity(TestsTeamTag) };

        Assert.True(identity.TestsConditionKey(IsRequestTagKey));
        Assert.True(bucket.TestsConditionKey(IsRequestTagKey));
        Assert.True(session.TestsConditionKey(IsRequestTagKey));
    }

    [Fact]
    public void TestsConditionKey_WhenOnlyOtherKeysAreTestedOrNoPolicyApplies_IsFalse()
    {
        var others = new ApplicablePolicies { IdentityPolicies = [SamplePolicies.AllowGetObjectWhen("""{"StringEquals": {"s3:ExistingObjectTag/team": "a"}}""")] };

        Assert.False(others.TestsConditionKey(IsRequestTagKey));
        Assert.False(new ApplicablePolicies().TestsConditionKey(IsRequestTagKey));
    }
}
