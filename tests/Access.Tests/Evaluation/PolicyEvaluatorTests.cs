using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Access.Tests.Support;

namespace Coffer.Access.Tests.Evaluation;

/// <summary>Request × policies → decision: matching, principals, and how sources combine.</summary>
public class PolicyEvaluatorTests
{
    /// <summary>
    /// Identity statement bodies ("" for none, several separated by " || "), bucket-policy statement
    /// body ("" for none), ACL grant, principal, action, resource, expected decision.
    /// </summary>
    public static TheoryData<string, string, bool, string, string, string, Decision> Rows => new()
    {
        // Nothing speaks: implicit deny.
        { "", "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },

        // Action matching: case-insensitive, * and ? wildcards.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "S3:getobject", "Resource": "*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:Get*", "Resource": "*" """, "", false, "alice", "s3:GetObjectTagging", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:Get*", "Resource": "*" """, "", false, "alice", "s3:PutObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, "", false, "alice", "s3:DeleteBucket", "arn:aws:s3:::media", Decision.Allow },
        { """ "Effect": "Allow", "Action": "*", "Resource": "*" """, "", false, "alice", "s3:DeleteBucket", "arn:aws:s3:::media", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, "", false, "alice", "iam:CreateUser", "arn:aws:iam::111122223333:user/x", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:?etObject", "Resource": "*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:?etObject", "Resource": "*" """, "", false, "alice", "s3:GetObjectAcl", "arn:aws:s3:::media/a", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },

        // Resource matching: case-sensitive, * and ?; * crosses '/' and ':' in keys.
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/a/b:c.jpg", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::Media/a", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media-2/a", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media/*" """, "", false, "alice", "s3:ListBucket", "arn:aws:s3:::media", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/photo-??.jpg" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/photo-01.jpg", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/photo-??.jpg" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/photo-1.jpg", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::*" """, "", false, "alice", "s3:ListAllMyBuckets", "arn:aws:s3:::*", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::media" """, "", false, "alice", "s3:ListAllMyBuckets", "arn:aws:s3:::*", Decision.ImplicitDeny },

        // NotAction and NotResource.
        { """ "Effect": "Allow", "NotAction": "s3:Delete*", "Resource": "*" """, "", false, "alice", "s3:PutObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "NotAction": "s3:Delete*", "Resource": "*" """, "", false, "alice", "s3:DeleteObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::media/secret/*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/public/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::media/secret/*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/secret/a", Decision.ImplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" || "Effect": "Deny", "NotAction": ["s3:GetObject", "s3:ListBucket"], "Resource": "*" """, "", false, "alice", "s3:PutObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" || "Effect": "Deny", "NotAction": ["s3:GetObject", "s3:ListBucket"], "Resource": "*" """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" || "Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::media", "arn:aws:s3:::media/*"] """, "", false, "alice", "s3:GetObject", "arn:aws:s3:::other/a", Decision.ExplicitDeny },

        // Explicit deny wins over every allow, wherever each is written.
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" || "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*" """, "", false, "alice", "s3:DeleteObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, """ "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:DeleteObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { """ "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*" """, """ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, true, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { "", """ "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, true, "anonymous", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, """ "Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:DeleteObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, """ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::media/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}} """, false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },

        // Same account: a bucket-policy Allow naming the user (or everyone) suffices alone ...
        { "", """ "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { "", """ "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/alice"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "bob", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },
        { "", """ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "bob", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        // ... but naming only the account delegates to identity policies.
        { "", """ "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },
        { "", """ "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "root", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" """, """ "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },

        // Anonymous requests match only "*" and {"AWS": "*"}.
        { "", """ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "anonymous", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { "", """ "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "anonymous", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { "", """ "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "anonymous", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },

        // Other principal kinds.
        { "", """ "Effect": "Allow", "Principal": {"CanonicalUser": "c0ffee"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "canonical:c0ffee", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { "", """ "Effect": "Allow", "Principal": {"CanonicalUser": "c0ffee"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "canonical:decaf", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },
        { "", """ "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::media/logs/*" """, false, "service:logging.s3.amazonaws.com", "s3:PutObject", "arn:aws:s3:::media/logs/1", Decision.Allow },
        { "", """ "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::media/logs/*" """, false, "alice", "s3:PutObject", "arn:aws:s3:::media/logs/1", Decision.ImplicitDeny },

        // NotPrincipal: a Deny for everyone but those named directly.
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, """ "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/alice", "111122223333"]}, "Action": "s3:*", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, """ "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/alice", "111122223333"]}, "Action": "s3:*", "Resource": "arn:aws:s3:::media/*" """, false, "bob", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, """ "Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { "", """ "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:*", "Resource": "arn:aws:s3:::media/*" """, true, "anonymous", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
        { "", """ "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "bob", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { "", """ "Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """, false, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ImplicitDeny },

        // The ACL grants on its own, and cannot override a Deny.
        { "", "", true, "anonymous", "s3:GetObject", "arn:aws:s3:::media/a", Decision.Allow },
        { """ "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/a" """, "", true, "alice", "s3:GetObject", "arn:aws:s3:::media/a", Decision.ExplicitDeny },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Evaluate_Table_DecidesAsAws(string identity, string bucket, bool aclAllows, string principal, string action, string resource, Decision expected)
    {
        var policies = new ApplicablePolicies
        {
            IdentityPolicies = [.. identity.Split(" || ", StringSplitOptions.RemoveEmptyEntries).Select(body => SamplePolicies.Identity(body))],
            BucketPolicy = bucket.Length == 0 ? null : SamplePolicies.Bucket(bucket),
            Acl = aclAllows ? AclDecision.Allow : AclDecision.None,
        };

        Assert.Equal(expected, PolicyEvaluator.Evaluate(SampleRequests.Make(principal, action, resource), policies));
    }

    /// <summary>Identity allow, session policy body, action, expected.</summary>
    public static TheoryData<string, string, Decision> SessionRows => new()
    {
        { "s3:*", """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" """, Decision.Allow },
        { "s3:GetObject", """ "Effect": "Allow", "Action": "s3:*", "Resource": "*" """, Decision.Allow },
        { "s3:PutObject", """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" """, Decision.ImplicitDeny },
        { "s3:*", """ "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*" """, Decision.ImplicitDeny },
        { "s3:*", """ "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*" """, Decision.ExplicitDeny },
    };

    [Theory]
    [MemberData(nameof(SessionRows))]
    public void Evaluate_SessionPolicy_IntersectsWithIdentity(string identityAction, string session, Decision expected)
    {
        var policies = new ApplicablePolicies
        {
            IdentityPolicies = [SamplePolicies.Identity($$""" "Effect": "Allow", "Action": "{{identityAction}}", "Resource": "*" """)],
            SessionPolicy = SamplePolicies.Identity(session),
        };

        Assert.Equal(expected, PolicyEvaluator.Evaluate(SampleRequests.Make("alice", "s3:GetObject", "arn:aws:s3:::media/a"), policies));
    }

    [Fact]
    public void Evaluate_SessionPolicy_AlsoNarrowsBucketPolicyAndAcl()
    {
        var policies = new ApplicablePolicies
        {
            BucketPolicy = SamplePolicies.Bucket(""" "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::media/*" """),
            Acl = AclDecision.Allow,
            SessionPolicy = SamplePolicies.Identity(""" "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*" """),
        };

        Assert.Equal(Decision.ImplicitDeny, PolicyEvaluator.Evaluate(SampleRequests.Make("alice", "s3:GetObject", "arn:aws:s3:::media/a"), policies));
    }

    [Fact]
    public void Evaluate_PolicyFromSeveralSources_AnyIdentityPolicyAllows()
    {
        PolicyDocument[] identity =
        [
            SamplePolicies.Identity(""" "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::media" """),
            SamplePolicies.Identity(""" "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """),
        ];

        var decision = PolicyEvaluator.Evaluate(
            SampleRequests.Make("alice", "s3:GetObject", "arn:aws:s3:::media/a"),
            new ApplicablePolicies { IdentityPolicies = identity });

        Assert.Equal(Decision.Allow, decision);
    }
}
