using System.Text;

using Coffer.Access.Policies;
using Coffer.TestKit;

using FsCheck.Fluent;

using Xunit.Abstractions;

namespace Coffer.Access.Tests.Fuzzing;

/// <summary>
/// Policy JSON, from a valid policy using every part of the grammar (principals, actions,
/// resources with variables, conditions of every value type, set qualifiers), mutated, and from
/// hostile shapes: deep nesting, numbers past any type's range, repeated keys, huge arrays.
/// Every parser answers with a policy or a <see cref="MalformedPolicyException"/>.
/// </summary>
[Trait("Category", "Fuzz")]
public class PolicyFuzzTests(ITestOutputHelper output)
{
    private const string Valid = """
        {
          "Version": "2012-10-17",
          "Id": "fuzz",
          "Statement": [
            {
              "Sid": "Read",
              "Effect": "Allow",
              "Principal": {"AWS": ["arn:aws:iam::000000000000:user/alice", "*"]},
              "Action": ["s3:GetObject", "s3:List*"],
              "Resource": ["arn:aws:s3:::bucket/home/${aws:username}/*", "arn:aws:s3:::bucket"],
              "Condition": {
                "StringLike": {"s3:prefix": ["home/${aws:username}/*", "${*}"]},
                "NumericLessThanEquals": {"s3:max-keys": 100},
                "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
                "IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/32"]},
                "Bool": {"aws:SecureTransport": true},
                "ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]},
                "ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"},
                "BinaryEquals": {"s3:x-amz-content-sha256": "AAEC"},
                "Null": {"s3:x-amz-server-side-encryption": "true"},
                "StringEqualsIfExists": {"s3:x-amz-acl": "private"}
              }
            },
            {
              "Effect": "Deny",
              "NotPrincipal": {"AWS": "arn:aws:iam::000000000000:root"},
              "NotAction": "s3:*",
              "NotResource": "arn:aws:s3:::bucket/public/*"
            }
          ]
        }
        """;

    private static readonly Func<string, PolicyDocument>[] Parsers =
    [
        PolicyParser.Parse,
        PolicyParser.ParseIdentityPolicy,
        PolicyParser.ParseTrustPolicy,
        json => PolicyParser.ParseBucketPolicy(json, "bucket"),
    ];

    [Fact]
    public void Parse_OfMutatedPolicies_GivesAPolicyOrMalformedPolicy()
    {
        var cases = Gen.Zip(Gen.Choose(0, Parsers.Length - 1), FuzzInputs.Mutated(Encoding.UTF8.GetBytes(Valid)).Select(Encoding.UTF8.GetString));
        var shrinking = Arb.From(cases, c => FuzzInputs.ShrinkText(c.Item2).Select(json => (c.Item1, json)));

        FuzzBudget.Run("policy-mutated", shrinking, ParseOrRefuse, output.WriteLine);
    }

    [Fact]
    public void Parse_OfHostilePolicies_GivesAPolicyOrMalformedPolicy()
    {
        var cases =
            from parser in Gen.Choose(0, Parsers.Length - 1)
            from shape in Gen.Elements(Enum.GetValues<Shape>())
            from count in Gen.Frequency((4, Gen.Choose(1, 100)), (1, Gen.Choose(100, 20_000)))
            select (parser, Hostile(shape, count));

        FuzzBudget.Run("policy-hostile", Arb.From(cases), ParseOrRefuse, output.WriteLine);
    }

    private enum Shape
    {
        DeepArrays,
        DeepObjects,
        DeepCondition,
        HugeNumber,
        HugeExponent,
        RepeatedKeys,
        ManyStatements,
        ManyValues,
        LongVariable,
    }

    private static void ParseOrRefuse((int Parser, string Json) c)
    {
        try
        {
            var policy = Parsers[c.Parser](c.Json);
            Assert.NotEmpty(policy.Statements);
        }
        catch (MalformedPolicyException)
        {
            // The declared failure: MalformedPolicy from S3, MalformedPolicyDocument from IAM.
        }
    }

    private static string Statement(string? condition = null) =>
        "{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bucket/*\", \"Condition\": "
        + (condition ?? Condition("StringEquals", "s3:prefix", "\"a\"")) + "}";

    private static string Condition(string op, string key, string values) => "{\"" + op + "\": {\"" + key + "\": " + values + "}}";

    private static string Document(string statements) => "{\"Version\": \"2012-10-17\", \"Statement\": " + statements + "}";

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string Hostile(Shape shape, int count) => shape switch
    {
        Shape.DeepArrays => Document(new string('[', count) + Statement() + new string(']', count)),
        Shape.DeepObjects => Document(Repeat("{\"Sid\": ", count) + "\"x\"" + new string('}', count)),
        Shape.DeepCondition => Document(Statement(Repeat("{\"StringEquals\": ", count) + "\"a\"" + new string('}', count))),
        Shape.HugeNumber => Document(Statement(Condition("NumericLessThan", "s3:max-keys", new string('9', count)))),
        Shape.HugeExponent => Document(Statement(Condition("NumericEquals", "s3:max-keys", "1e" + count)
            .Replace("}}", "}, \"DateLessThan\": {\"aws:CurrentTime\": \"" + count + new string('0', count % 40) + "\"}}", StringComparison.Ordinal))),
        Shape.RepeatedKeys => "{\"Statement\": " + Statement("{\"StringEquals\": {" + string.Join(", ", Enumerable.Repeat("\"s3:prefix\": \"a\"", Math.Max(2, count % 50))) + "}}")
            + ", \"Statement\": " + Statement() + "}",
        Shape.ManyStatements => Document("[" + string.Join(", ", Enumerable.Repeat(Statement(), Math.Min(count, 2_000))) + "]"),
        Shape.ManyValues => Document(Statement(Condition("IpAddress", "aws:SourceIp",
            "[" + string.Join(", ", Enumerable.Range(0, count).Select(i => $"\"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}/{i % 33}\"")) + "]"))),
        _ => Document(Statement(Condition("StringLike", "s3:prefix", "\"" + Repeat("${", count) + Repeat("aws:username, '}'}", count) + "\""))),
    };
}
