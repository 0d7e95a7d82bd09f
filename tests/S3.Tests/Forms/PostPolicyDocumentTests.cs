using System.Text;

using Coffer.S3.Errors;
using Coffer.S3.Forms;

namespace Coffer.S3.Tests.Forms;

public class PostPolicyDocumentTests
{
    private static string Base64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_AwsExamplePolicyWithTrailingComma_ReadsExpirationAndEveryCondition()
    {
        var policy = PostPolicyDocument.Parse(Base64("""
            { "expiration": "2007-12-01T12:00:00.000Z",
              "conditions": [
                {"acl": "public-read" },
                {"bucket": "johnsmith" },
                ["starts-with", "$key", "user/eric/"],
                ["content-length-range", 1, 1048576],
              ]
            }
            """));

        Assert.Equal(new DateTimeOffset(2007, 12, 1, 12, 0, 0, TimeSpan.Zero), policy.Expiration);
        Assert.Equal(
            [
                new PostPolicyCondition(PostPolicyMatch.Exact, "acl", "public-read"),
                new PostPolicyCondition(PostPolicyMatch.Exact, "bucket", "johnsmith"),
                new PostPolicyCondition(PostPolicyMatch.StartsWith, "key", "user/eric/"),
                new PostPolicyCondition(PostPolicyMatch.ContentLengthRange, "", "", 1, 1048576),
            ],
            policy.Conditions);
    }

    [Fact]
    public void Parse_OperatorsInAnyCase_AreRecognised()
    {
        var policy = PostPolicyDocument.Parse(Base64("""
            {"expiration": "2030-01-01T00:00:00Z", "conditions": [["StArTs-WiTh", "$KeY", "foo"], ["EQ", "$acl", "private"], ["Content-Length-Range", "0", "10"]]}
            """));

        Assert.Equal(PostPolicyMatch.StartsWith, policy.Conditions[0].Match);
        Assert.Equal("KeY", policy.Conditions[0].Field);
        Assert.Equal(PostPolicyMatch.Exact, policy.Conditions[1].Match);
        Assert.Equal(10, policy.Conditions[2].Max);
    }

    [Theory]
    [InlineData("not json at all", "Invalid Policy: Invalid JSON.")]
    [InlineData("[1, 2]", "Invalid Policy: Invalid JSON.")]
    [InlineData("""{"conditions": []}""", "Invalid Policy: Policy missing expiration.")]
    [InlineData("""{"EXPIRATION": "2030-01-01T00:00:00Z", "conditions": []}""", "Invalid Policy: Policy missing expiration.")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z"}""", "Invalid Policy: Policy missing conditions.")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "CONDITIONS": []}""", "Invalid Policy: Policy missing conditions.")]
    [InlineData("""{"expiration": "2030-01-01 00:00:00.123+00:00", "conditions": []}""", "Invalid Policy: Invalid 'expiration' value: '2030-01-01 00:00:00.123+00:00'")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "conditions": [{}]}""", "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "conditions": [{"a": "1", "b": "2"}]}""", "Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "conditions": [["content-length-range", 0]]}""", "Invalid Policy: Invalid content-length-range")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "conditions": [["content-length-range", -1, 0]]}""", "Invalid Policy: Invalid content-length-range")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "conditions": [["matches", "$key", "x"]]}""", "Invalid Policy: Invalid Condition: unknown operation 'matches'.")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "conditions": [["eq", "key", "x"]]}""", "Invalid Policy: Invalid Condition: expecting")]
    [InlineData("""{"expiration": "2030-01-01T00:00:00Z", "conditions": "none"}""", "Invalid Policy: Conditions must be an array.")]
    public void Parse_MalformedDocument_IsInvalidPolicyDocument(string json, string message)
    {
        var error = Assert.Throws<S3Exception>(() => PostPolicyDocument.Parse(Base64(json)));

        Assert.Equal("InvalidPolicyDocument", error.Error.Code);
        Assert.Equal(400, error.Error.StatusCode);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotBase64_IsInvalidPolicyDocument()
    {
        var error = Assert.Throws<S3Exception>(() => PostPolicyDocument.Parse("{not base64}"));

        Assert.Equal("InvalidPolicyDocument", error.Error.Code);
    }

    [Fact]
    public void ConditionText_IsWrittenAsS3QuotesIt()
    {
        Assert.Equal("""["eq", "$key", "a\"b"]""", new PostPolicyCondition(PostPolicyMatch.Exact, "key", "a\"b").ToString());
        Assert.Equal("""["starts-with", "$Content-Type", "image/"]""", new PostPolicyCondition(PostPolicyMatch.StartsWith, "Content-Type", "image/").ToString());
    }
}
