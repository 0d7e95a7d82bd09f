using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Tests.Support;

namespace Coffer.Access.Tests.Evaluation;

/// <summary>sts:AssumeRole: the trust policy must admit the caller; naming the account also needs the caller's own Allow.</summary>
public class RoleTrustTests
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/reader";

    /// <summary>Trust policy Principal element, caller's identity policy action ("" for none), caller, expected.</summary>
    public static TheoryData<string, string, string, Decision> Rows => new()
    {
        // Naming the caller admits it without any identity policy.
        { """{"AWS":"arn:aws:iam::111122223333:user/alice"}""", "", "alice", Decision.Allow },
        { "\"*\"", "", "alice", Decision.Allow },

        // Naming someone else admits nobody else, whatever their identity policies allow.
        { """{"AWS":"arn:aws:iam::111122223333:user/bob"}""", "sts:AssumeRole", "alice", Decision.ImplicitDeny },

        // Naming the account delegates: the caller's identity policy must allow too.
        { """{"AWS":"arn:aws:iam::111122223333:root"}""", "", "alice", Decision.ImplicitDeny },
        { """{"AWS":"arn:aws:iam::111122223333:root"}""", "sts:AssumeRole", "alice", Decision.Allow },
        { """{"AWS":"111122223333"}""", "sts:*", "alice", Decision.Allow },
        { """{"AWS":"arn:aws:iam::111122223333:root"}""", "s3:*", "alice", Decision.ImplicitDeny },

        // Another account admits nobody here.
        { """{"AWS":"arn:aws:iam::999988887777:root"}""", "sts:AssumeRole", "alice", Decision.ImplicitDeny },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void EvaluateRoleTrust_AdmitsByTheTrustPolicyFirst(string principal, string identityAction, string caller, Decision expected)
    {
        var trust = Trust($$""" "Effect": "Allow", "Principal": {{principal}}, "Action": "sts:AssumeRole" """);
        var identity = identityAction.Length == 0
            ? new ApplicablePolicies()
            : new ApplicablePolicies { IdentityPolicies = [SamplePolicies.Identity($$""" "Effect": "Allow", "Action": "{{identityAction}}", "Resource": "*" """)] };

        Assert.Equal(expected, PolicyEvaluator.EvaluateRoleTrust(SampleRequests.Make(caller, "sts:AssumeRole", RoleArn), trust, identity));
    }

    [Fact]
    public void EvaluateRoleTrust_DenyInTheCallersPolicy_WinsOverATrustThatNamesIt()
    {
        var trust = Trust(""" "Effect": "Allow", "Principal": {"AWS":"arn:aws:iam::111122223333:user/alice"}, "Action": "sts:AssumeRole" """);
        var identity = new ApplicablePolicies { IdentityPolicies = [SamplePolicies.Identity(""" "Effect": "Deny", "Action": "sts:*", "Resource": "*" """)] };

        Assert.Equal(Decision.ExplicitDeny, PolicyEvaluator.EvaluateRoleTrust(SampleRequests.Make("alice", "sts:AssumeRole", RoleArn), trust, identity));
    }

    [Fact]
    public void EvaluateRoleTrust_DenyInTheTrustPolicy_Wins()
    {
        var trust = PolicyParser.ParseTrustPolicy("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
              {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"}]}
            """);

        Assert.Equal(Decision.ExplicitDeny, PolicyEvaluator.EvaluateRoleTrust(SampleRequests.Make("alice", "sts:AssumeRole", RoleArn), trust, new ApplicablePolicies()));
    }

    private static PolicyDocument Trust(string body) =>
        PolicyParser.ParseTrustPolicy("{\"Version\": \"2012-10-17\", \"Statement\": {" + body + "}}");
}
