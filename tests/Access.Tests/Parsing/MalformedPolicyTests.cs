using Coffer.Access.Conditions;
using Coffer.Access.Policies;

namespace Coffer.Access.Tests.Parsing;

/// <summary>Documents that must be refused, and the message each one gets.</summary>
public class MalformedPolicyTests
{
    private const string Allow = """ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*" """;
    private const string Everyone = """ "Principal": "*" """;

    /// <summary>A one-statement policy: an Allow of s3:GetObject on media/* plus the given fields.</summary>
    private static string AllowWith(string fields) => "{\"Statement\": {" + Allow + ", " + fields + "}}";

    /// <summary>A one-statement policy of the given fields, with Principal "*".</summary>
    private static string EveryoneWith(string fields) => "{\"Statement\": {" + fields + ", " + Everyone + "}}";

    /// <summary>Which entry point: "any", "identity", "trust", or "bucket" (for bucket "media"); the JSON; the exact message.</summary>
    public static TheoryData<string, string, string> Rows => new()
    {
        { "any", "[]", "The policy must be a JSON object" },
        { "any", """{"Version": "2012-10-17"}""", "Missing required field Statement" },
        { "any", """{"Version": "2012-10-17", "Statement": []}""", "Statement must not be an empty array" },
        { "any", """{"Version": "2012-10-17", "Statement": "Allow"}""", "Statement must be an object or an array of objects" },
        { "any", """{"Version": "2012-10-17", "Statement": ["Allow"]}""", "Statement 1: A statement must be a JSON object" },
        { "any", """{"Version": "2020-01-01", "Statement": {}}""", "The policy must contain a valid version string (\"2012-10-17\" or \"2008-10-17\"), not \"2020-01-01\"" },
        { "any", """{"Version": 2012, "Statement": {}}""", "Version must be a string" },
        { "any", """{"Id": ["x"], "Statement": {}}""", "Id must be a string" },
        { "any", """{"Statement": {}, "Statements": []}""", "Unknown field \"Statements\" in the policy; expected one of Version, Id, Statement" },
        { "any", """{"Statement": {}, "Statement": {}}""", "Field \"Statement\" appears more than once in the policy" },
        { "any", """{"Statement": {"Action": "s3:GetObject", "Resource": "*"}}""", "Statement 1: Missing required field Effect" },
        { "any", """{"Statement": {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}}""", "Statement 1: Invalid effect \"allow\"; use \"Allow\" or \"Deny\"" },
        { "any", """{"Statement": {"Sid": "Read", "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}}""", "Statement 1 (Sid \"Read\"): Invalid effect \"Permit\"; use \"Allow\" or \"Deny\"" },
        { "any", """{"Statement": {"Effect": true, "Action": "s3:GetObject", "Resource": "*"}}""", "Statement 1: Effect must be a string" },
        { "any", """{"Statement": {"Sid": 1, "Effect": "Allow", "Action": "s3:GetObject"}}""", "Statement 1: Sid must be a string" },
        { "any", """{"Statement": {"Effect": "Allow", "Resource": "*"}}""", "Statement 1: Missing required field Action (or NotAction)" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}}""", "Statement 1: A statement cannot have both Action and NotAction" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "NotResource": "*"}}""", "Statement 1: A statement cannot have both Resource and NotResource" },
        { "any", """{"Statement": {"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "s3:GetObject"}}""", "Statement 1: A statement cannot have both Principal and NotPrincipal" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": [], "Resource": "*"}}""", "Statement 1: Action must not be an empty array" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", 7], "Resource": "*"}}""", "Statement 1: Action must be a string or an array of strings" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": {"s3": "GetObject"}, "Resource": "*"}}""", "Statement 1: Action must be a string or an array of strings" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": "GetObject", "Resource": "*"}}""", "Statement 1: Action \"GetObject\" must be prefaced by a vendor, as in \"s3:GetObject\"" },
        { "any", """{"Statement": {"Effect": "Allow", "NotAction": ":GetObject", "Resource": "*"}}""", "Statement 1: NotAction \":GetObject\" must be prefaced by a vendor, as in \"s3:GetObject\"" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "media/*"}}""", "Statement 1: Resource \"media/*\" must be in ARN format (arn:partition:service:region:account:resource) or \"*\"" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": 5}}""", "Statement 1: Resource must be a string or an array of strings" },
        { "any", """{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "effect": "Deny"}}""", "Statement 1: Unknown field \"effect\" in a statement; expected one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition" },
        { "any", """{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject"}, {"Sid": "A", "Effect": "Deny", "Action": "s3:GetObject"}]}""", "Statement ids (Sid) must be unique within a policy; \"A\" is used more than once" },

        // Conditions.
        { "any", AllowWith(""" "Condition": [] """), "Statement 1: Condition must be an object that maps operators to keys and values" },
        { "any", AllowWith(""" "Condition": {"StringEqualz": {"s3:prefix": "a"}} """), "Statement 1: Unknown condition operator \"StringEqualz\"" },
        { "any", AllowWith(""" "Condition": {"NullIfExists": {"s3:prefix": "true"}} """), "Statement 1: Unknown condition operator \"NullIfExists\"" },
        { "any", AllowWith(""" "Condition": {"ForSomeValues:StringEquals": {"s3:prefix": "a"}} """), "Statement 1: Unknown condition operator \"ForSomeValues:StringEquals\"" },
        { "any", AllowWith(""" "Condition": {"StringEquals": "s3:prefix"} """), "Statement 1: Condition operator StringEquals must map condition keys to values" },
        { "any", AllowWith(""" "Condition": {"StringEquals": {"prefix": "a"}} """), "Statement 1: Condition key \"prefix\" must be prefaced by a vendor, as in \"aws:SourceIp\" or \"s3:prefix\"" },
        { "any", AllowWith(""" "Condition": {"StringEquals": {"s3:prefix": {"a": 1}}} """), "Statement 1: Values of StringEquals on s3:prefix must be strings, numbers or booleans, alone or in an array" },
        { "any", AllowWith(""" "Condition": {"StringEquals": {"s3:prefix": [null]}} """), "Statement 1: Values of StringEquals on s3:prefix must be strings, numbers or booleans, alone or in an array" },
        { "any", AllowWith(""" "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}} """), "Statement 1: Invalid numeric value \"ten\" in NumericLessThan on s3:max-keys" },
        { "any", AllowWith(""" "Condition": {"DateLessThan": {"aws:CurrentTime": "next tuesday"}} """), "Statement 1: Invalid date value \"next tuesday\" in DateLessThan on aws:CurrentTime" },
        { "any", AllowWith(""" "Condition": {"Bool": {"aws:SecureTransport": "yes"}} """), "Statement 1: Invalid boolean value \"yes\" in Bool on aws:SecureTransport" },
        { "any", AllowWith(""" "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/33"}} """), "Statement 1: Invalid IP address or CIDR value \"192.0.2.0/33\" in IpAddress on aws:SourceIp" },
        { "any", AllowWith(""" "Condition": {"NotIpAddressIfExists": {"aws:SourceIp": "example.com"}} """), "Statement 1: Invalid IP address or CIDR value \"example.com\" in NotIpAddressIfExists on aws:SourceIp" },
        { "any", AllowWith(""" "Condition": {"Null": {"s3:prefix": "maybe"}} """), "Statement 1: Invalid boolean value \"maybe\" in Null on s3:prefix" },
        { "any", AllowWith(""" "Condition": {"BinaryEquals": {"s3:x": "not base64!"}} """), "Statement 1: Invalid base64 value \"not base64!\" in BinaryEquals on s3:x" },

        // Principals.
        { "any", AllowWith(""" "Principal": "alice" """), "Statement 1: Invalid principal in policy: a Principal string must be \"*\"; name others as {\"AWS\": \"...\"}" },
        { "any", AllowWith(""" "Principal": {"User": "alice"} """), "Statement 1: Invalid principal in policy: Unknown field \"User\" in Principal; expected one of AWS, CanonicalUser, Service, Federated" },
        { "any", AllowWith(""" "Principal": {} """), "Statement 1: Invalid principal in policy: Principal names no one" },
        { "any", AllowWith(""" "Principal": {"AWS": "alice"} """), "Statement 1: Invalid principal in policy: \"alice\" is neither \"*\", an account id nor an IAM ARN" },
        { "any", AllowWith(""" "Principal": {"AWS": "arn:aws:iam::111122223333:user/*"} """), "Statement 1: Invalid principal in policy: \"arn:aws:iam::111122223333:user/*\" has a wildcard; only \"*\" alone may stand for everyone" },
        { "any", AllowWith(""" "NotPrincipal": {"AWS": 111122223333} """), "Statement 1: Invalid principal in policy: NotPrincipal.AWS must be a string or an array of strings" },
        { "any", AllowWith(""" "Principal": {"Service": ""} """), "Statement 1: Invalid principal in policy: \"\" is not a principal" },

        // Identity policies: no principal; Resource required.
        { "identity", AllowWith(Everyone), "Statement 1: Policy document should not specify a principal" },
        { "identity", """{"Statement": {"Effect": "Allow", "Action": "s3:GetObject"}}""", "Statement 1: Missing required field Resource (or NotResource)" },

        // Trust policies: principal required; no resource; STS actions only.
        { "trust", """{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole"}}""", "Statement 1: Missing required field Principal (or NotPrincipal)" },
        { "trust", """{"Statement": {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Resource": "*"}}""", "Statement 1: Has prohibited field Resource" },
        { "trust", """{"Statement": {"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole", "s3:GetObject"]}}""", "Statement 1 (Sid \"S\"): AssumeRole policy may only specify STS AssumeRole actions" },

        // Bucket policies: principal and resource required; S3 actions; resources in the bucket.
        { "bucket", "{\"Statement\": {" + Allow + "}}", "Statement 1: Missing required field Principal (or NotPrincipal)" },
        { "bucket", EveryoneWith(""" "Effect": "Allow", "Action": "s3:GetObject" """), "Statement 1: Missing required field Resource (or NotResource)" },
        { "bucket", EveryoneWith(""" "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "arn:aws:s3:::media" """), "Policy has invalid action" },
        { "bucket", EveryoneWith(""" "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*" """), "Policy has invalid resource" },
        { "bucket", EveryoneWith(""" "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::mediax" """), "Policy has invalid resource" },
        { "bucket", EveryoneWith(""" "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::mediax/*" """), "Policy has invalid resource" },
        { "bucket", EveryoneWith(""" "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::media/*", "arn:aws:s3:::other"] """), "Policy has invalid resource" },
        { "bucket", EveryoneWith(""" "Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:iam::111122223333:user/x" """), "Policy has invalid resource" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Parse_MalformedDocument_ThrowsWithMessage(string kind, string json, string message)
    {
        var error = Assert.Throws<MalformedPolicyException>(() => Parse(kind, json));

        Assert.Equal(message, error.Message);
    }

    /// <summary>The JSON, and the part of System.Text.Json's message that says where it breaks.</summary>
    public static TheoryData<string, string> BadJson => new()
    {
        { "", "LineNumber: 0 | BytePositionInLine: 0." },
        { """{"Statement": [}""", "'}' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 15." },
        { "{\"Statement\": {},\n}", "LineNumber: 1 | BytePositionInLine: 0." },
        { """{"Statement": {"Effect": "Allow"} // comment""", "LineNumber: 0 | BytePositionInLine: 34." },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public void Parse_InvalidJson_SaysWhereItBreaks(string json, string where)
    {
        var error = Assert.Throws<MalformedPolicyException>(() => PolicyParser.Parse(json));

        Assert.StartsWith("Policies must be valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(where, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Accepted => new()
    {
        { "any", """{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}}""" },
        { "trust", """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}, {"Effect": "Deny", "NotPrincipal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:*"}]}""" },
        { "identity", """{"Version": "2008-10-17", "Id": "p1", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*"}]}""" },
        { "identity", """{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringLikeIfExists": {"s3:prefix": ["a", 1, true]}}}}""" },
        { "bucket", """{"Statement": {"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/r/s"]}, "Action": "S3:Get*", "Resource": ["arn:aws:s3:::media", "arn:aws:s3:::media/*"]}}""" },
        { "bucket", """{"Statement": {"Effect": "Allow", "Principal": {"CanonicalUser": "79a59df900b949e55d96a1e698fbaced", "Service": "logging.s3.amazonaws.com", "Federated": "cognito-identity.amazonaws.com"}, "Action": "*", "Resource": "*"}}""" },
        { "bucket", """{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::med*", "arn:aws:s3:::media/home/${aws:username}/*"]}}""" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_WellFormedDocument_IsAccepted(string kind, string json) =>
        Assert.NotEmpty(Parse(kind, json).Statements);

    [Fact]
    public void Parse_SingleStatementObject_ReadsEveryElement()
    {
        var policy = PolicyParser.ParseBucketPolicy("""
            {"Version": "2012-10-17", "Id": "Media", "Statement": {
              "Sid": "PublicRead", "Effect": "Allow", "Principal": {"AWS": "*"},
              "NotAction": ["s3:Delete*"], "Resource": "arn:aws:s3:::media/*",
              "Condition": {"ForAllValues:StringLikeIfExists": {"s3:RequestObjectTagKeys": ["a", "b"]}}}}
            """, "media");

        var statement = Assert.Single(policy.Statements);
        Assert.Equal((PolicyLanguageVersion.Version20121017, "Media"), (policy.Version, policy.Id));
        Assert.Equal(("PublicRead", Effect.Allow), (statement.Sid, statement.Effect));
        Assert.True(statement.Principal!.IsEveryone);
        Assert.True(statement.Actions.IsNotAction);
        Assert.Equal("arn:aws:s3:::media/*", Assert.Single(statement.Resources!.Patterns).Text);
        var condition = Assert.Single(statement.Conditions.Conditions);
        Assert.Equal(("StringLike", SetQualifier.ForAllValues, true), (condition.BaseOperator, condition.Qualifier, condition.IfExists));
        Assert.Equal(["a", "b"], condition.Values);
    }

    [Fact]
    public void Parse_NoVersion_IsVersion20081017() =>
        Assert.Equal(PolicyLanguageVersion.Version20081017, PolicyParser.Parse("""{"Statement": {"Effect": "Deny", "Action": "*"}}""").Version);

    private static PolicyDocument Parse(string kind, string json) => kind switch
    {
        "identity" => PolicyParser.ParseIdentityPolicy(json),
        "bucket" => PolicyParser.ParseBucketPolicy(json, "media"),
        "trust" => PolicyParser.ParseTrustPolicy(json),
        _ => PolicyParser.Parse(json),
    };
}
