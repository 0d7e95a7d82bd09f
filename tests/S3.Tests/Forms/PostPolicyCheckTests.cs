using Coffer.S3.Errors;
using Coffer.S3.Forms;

namespace Coffer.S3.Tests.Forms;

public class PostPolicyCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static PostPolicyDocument Policy(params PostPolicyCondition[] conditions) => new(Now.AddHours(1), conditions);

    private static PostPolicyCondition Eq(string field, string value) => new(PostPolicyMatch.Exact, field, value);

    private static PostPolicyCondition StartsWith(string field, string prefix) => new(PostPolicyMatch.StartsWith, field, prefix);

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.OrdinalIgnoreCase);

    private static readonly PostPolicyCondition[] BucketAndKey = [Eq("bucket", "photos"), StartsWith("key", "user/")];

    [Fact]
    public void Evaluate_EveryFieldCoveredAndEveryConditionHolds_ReturnsTheRange()
    {
        var policy = Policy([.. BucketAndKey, new(PostPolicyMatch.ContentLengthRange, "", "", 1, 100), new(PostPolicyMatch.ContentLengthRange, "", "", 10, 1000)]);

        var range = PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("key", "user/a.jpg")), Now);

        Assert.Equal(new ContentLengthRange(10, 100), range);
    }

    [Fact]
    public void Evaluate_NoRangeCondition_ReturnsNull()
    {
        Assert.Null(PostPolicyCheck.Evaluate(Policy(BucketAndKey), Fields(("bucket", "photos"), ("key", "user/a")), Now));
    }

    [Fact]
    public void Evaluate_AfterExpiration_IsAccessDeniedPolicyExpired()
    {
        var policy = new PostPolicyDocument(Now.AddSeconds(-1), BucketAndKey);

        var error = Assert.Throws<S3Exception>(() => PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("key", "user/a")), Now));

        Assert.Equal("AccessDenied", error.Error.Code);
        Assert.Equal("Invalid according to Policy: Policy expired.", error.Message);
    }

    [Theory]
    [InlineData("other/a.jpg", """Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]""")]
    [InlineData("User/a.jpg", """Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]""")]
    public void Evaluate_StartsWithViolation_IsAccessDeniedQuotingTheCondition(string key, string message)
    {
        var error = Assert.Throws<S3Exception>(() => PostPolicyCheck.Evaluate(Policy(BucketAndKey), Fields(("bucket", "photos"), ("key", key)), Now));

        Assert.Equal(403, error.Error.StatusCode);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Evaluate_ExactMatchFails_IsQuotedInItsEqForm()
    {
        var policy = Policy([.. BucketAndKey, Eq("acl", "private")]);

        var error = Assert.Throws<S3Exception>(() => PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("key", "user/a"), ("acl", "public-read")), Now));

        Assert.Equal("""Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "private"]""", error.Message);
    }

    [Fact]
    public void Evaluate_FieldNamesInOtherCase_StillMatchTheirConditions()
    {
        var policy = Policy(Eq("bUcKeT", "photos"), StartsWith("KeY", "user/"), Eq("AcL", "private"));

        PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("kEy", "user/a"), ("aCl", "private")), Now);
    }

    [Fact]
    public void Evaluate_EmptyPrefix_AllowsAnyValueAndAnAbsentField()
    {
        var policy = Policy([.. BucketAndKey, StartsWith("Content-Type", ""), StartsWith("x-amz-meta-tag", "")]);

        PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("key", "user/a"), ("Content-Type", "anything/at-all")), Now);
    }

    [Fact]
    public void Evaluate_ContentTypeList_EachTypeMustStartWithThePrefix()
    {
        var policy = Policy([.. BucketAndKey, StartsWith("Content-Type", "image/")]);

        PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("key", "user/a"), ("Content-Type", "image/jpeg, image/png")), Now);
        Assert.Throws<S3Exception>(() => PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("key", "user/a"), ("Content-Type", "image/jpeg, text/plain")), Now));
    }

    [Fact]
    public void Evaluate_RequiredFieldMissingFromTheForm_FailsItsCondition()
    {
        var policy = Policy([.. BucketAndKey, StartsWith("x-amz-meta-foo", "bar")]);

        var error = Assert.Throws<S3Exception>(() => PostPolicyCheck.Evaluate(policy, Fields(("bucket", "photos"), ("key", "user/a")), Now));

        Assert.Contains("$x-amz-meta-foo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FieldNoConditionNames_IsAccessDeniedExtraInputFields()
    {
        var error = Assert.Throws<S3Exception>(() => PostPolicyCheck.Evaluate(Policy(BucketAndKey), Fields(("bucket", "photos"), ("key", "user/a"), ("x-amz-meta-color", "red")), Now));

        Assert.Equal("AccessDenied", error.Error.Code);
        Assert.Equal("Invalid according to Policy: Extra input fields: x-amz-meta-color", error.Message);
    }

    [Fact]
    public void Evaluate_PolicyWithoutBucketCondition_IsExtraInputFieldsBucket()
    {
        var error = Assert.Throws<S3Exception>(() => PostPolicyCheck.Evaluate(Policy(StartsWith("key", "")), Fields(("bucket", "photos"), ("key", "a")), Now));

        Assert.Equal("Invalid according to Policy: Extra input fields: bucket", error.Message);
    }

    [Fact]
    public void Evaluate_SignatureIgnoredAndChecksumFields_NeedNoCondition()
    {
        var fields = Fields(
            ("bucket", "photos"), ("key", "user/a"), ("Policy", "e30="), ("X-Amz-Signature", "ab"), ("Signature", "cd"),
            ("AWSAccessKeyId", "AK"), ("x-ignore-submit", "Upload"), ("x-amz-checksum-sha256", "aTL9MeXa9HObn6eP93eygxsJlcwdCwCTysgGAZAgE7w="));

        PostPolicyCheck.Evaluate(Policy(BucketAndKey), fields, Now);
    }
}
