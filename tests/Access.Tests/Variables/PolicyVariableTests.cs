using Coffer.Access.Evaluation;
using Coffer.Access.Tests.Support;

namespace Coffer.Access.Tests.Variables;

/// <summary>Policy variables in Resource and in String and Arn condition values.</summary>
public class PolicyVariableTests
{
    /// <summary>Statement body (its fields), policy Version, principal, resource, extra context, allowed?</summary>
    public static TheoryData<string, string, string, string, string, bool> Rows => new()
    {
        // In Resource: each user reaches only their own prefix.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:username}/*" """, "2012-10-17", "alice", "arn:aws:s3:::media/home/alice/a.txt", "", true },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:username}/*" """, "2012-10-17", "alice", "arn:aws:s3:::media/home/bob/a.txt", "", false },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:userid}/*" """, "2012-10-17", "alice", "arn:aws:s3:::media/home/AIDAALICE000000000001/a", "", true },
        // Variable names are case-insensitive, like condition keys.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${AWS:UserName}/*" """, "2012-10-17", "alice", "arn:aws:s3:::media/home/alice/a.txt", "", true },
        // Any context key can be a variable.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/${s3:ExistingObjectTag/team}/*" """, "2012-10-17", "alice", "arn:aws:s3:::media/red/a", "s3:ExistingObjectTag/team=red", true },
        // No value: the entry matches nothing (root and anonymous have no aws:username).
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:username}/*" """, "2012-10-17", "root", "arn:aws:s3:::media/home//a", "", false },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::media/home/${aws:username}/*", "arn:aws:s3:::media/pub/*"] """, "2012-10-17", "root", "arn:aws:s3:::media/pub/a", "", true },
        // A multi-valued key is not substituted.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/${s3:RequestObjectTagKeys}" """, "2012-10-17", "alice", "arn:aws:s3:::media/a", "s3:RequestObjectTagKeys=a|b", false },
        // A default stands in for a missing value.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:username, 'guest'}/*" """, "2012-10-17", "root", "arn:aws:s3:::media/home/guest/a", "", true },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:username, 'guest'}/*" """, "2012-10-17", "alice", "arn:aws:s3:::media/home/guest/a", "", false },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/${aws:username, 'o''brien'}" """, "2012-10-17", "root", "arn:aws:s3:::media/o'brien", "", true },
        // Escapes are literal characters, never wildcards.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/star${*}" """, "2012-10-17", "alice", "arn:aws:s3:::media/star*", "", true },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/star${*}" """, "2012-10-17", "alice", "arn:aws:s3:::media/starlight", "", false },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/what${?}" """, "2012-10-17", "alice", "arn:aws:s3:::media/what?", "", true },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/what${?}" """, "2012-10-17", "alice", "arn:aws:s3:::media/whats", "", false },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/${$}{aws:username}" """, "2012-10-17", "alice", "arn:aws:s3:::media/${aws:username}", "", true },
        // A substituted value is literal too: a '*' in it does not become a wildcard.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/${s3:prefix}x" """, "2012-10-17", "alice", "arn:aws:s3:::media/abcx", "s3:prefix=*", false },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/${s3:prefix}x" """, "2012-10-17", "alice", "arn:aws:s3:::media/*x", "s3:prefix=*", true },
        // Version 2008-10-17, or no Version, leaves ${...} as text.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:username}/*" """, "2008-10-17", "alice", "arn:aws:s3:::media/home/alice/a.txt", "", false },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/home/${aws:username}/*" """, "2008-10-17", "alice", "arn:aws:s3:::media/home/${aws:username}/a.txt", "", true },
        // In condition values of String and Arn operators.
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}} """, "2012-10-17", "alice", "arn:aws:s3:::media", "s3:prefix=home/alice/docs", true },
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}} """, "2012-10-17", "alice", "arn:aws:s3:::media", "s3:prefix=home/bob/docs", false },
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"StringEquals": {"s3:prefix": "${aws:username}${*}"}} """, "2012-10-17", "alice", "arn:aws:s3:::media", "s3:prefix=alice*", true },
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"StringLike": {"s3:prefix": "${aws:username}${*}"}} """, "2012-10-17", "alice", "arn:aws:s3:::media", "s3:prefix=alice-x", false },
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/${aws:username}"}} """, "2012-10-17", "alice", "arn:aws:s3:::media", "", true },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/${aws:userid, 'anonymous'}/*" """, "2012-10-17", "anonymous", "arn:aws:s3:::media/anonymous/a", "", true },
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}} """, "2008-10-17", "alice", "arn:aws:s3:::media", "s3:prefix=home/alice/docs", false },
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}} """, "2008-10-17", "alice", "arn:aws:s3:::media", "s3:prefix=home/${aws:username}/docs", true },
        // Unresolved in a condition: the value matches nothing.
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media", "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}} """, "2012-10-17", "anonymous", "arn:aws:s3:::media", "s3:prefix=home//x", false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Variables_Table_SubstituteAsAws(string statement, string version, string principal, string resource, string context, bool allowed)
    {
        var action = resource.Contains('/', StringComparison.Ordinal) ? "s3:GetObject" : "s3:ListBucket";
        var request = SampleRequests.Make(principal, action, resource, context);
        var decision = PolicyEvaluator.Evaluate(request, new ApplicablePolicies { IdentityPolicies = [SamplePolicies.Identity(statement, version)] });

        Assert.Equal(allowed ? Decision.Allow : Decision.ImplicitDeny, decision);
    }

    [Fact]
    public void NotResource_UnresolvedVariable_StatementDoesNotApply()
    {
        var policy = SamplePolicies.Identity("""
            "Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::media/home/${aws:username}/*"
            """);
        var asRoot = SampleRequests.Make("root", "s3:GetObject", "arn:aws:s3:::media/anything");
        var asAlice = SampleRequests.Make("alice", "s3:GetObject", "arn:aws:s3:::media/anything");

        Assert.Equal(Decision.ImplicitDeny, PolicyEvaluator.Evaluate(asRoot, new ApplicablePolicies { IdentityPolicies = [policy] }));
        Assert.Equal(Decision.Allow, PolicyEvaluator.Evaluate(asAlice, new ApplicablePolicies { IdentityPolicies = [policy] }));
    }
}
