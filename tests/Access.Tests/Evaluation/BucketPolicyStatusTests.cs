using Coffer.Access.Evaluation;
using Coffer.Access.Policies;

namespace Coffer.Access.Tests.Evaluation;

/// <summary>GetBucketPolicyStatus: which bucket policies make bucket "media" public.</summary>
public class BucketPolicyStatusTests
{
    /// <summary>Principal element, Condition element ("" for none), effect, public?</summary>
    public static TheoryData<string, string, string, bool> Rows => new()
    {
        { "\"*\"", "", "Allow", true },
        { """{"AWS": "*"}""", "", "Allow", true },
        { """{"AWS": ["arn:aws:iam::111122223333:user/alice", "*"]}""", "", "Allow", true },
        { "\"*\"", "", "Deny", false },
        { """{"AWS": "arn:aws:iam::111122223333:user/alice"}""", "", "Allow", false },
        { """{"AWS": "111122223333"}""", "", "Allow", false },
        { """{"CanonicalUser": "c0ffee"}""", "", "Allow", false },
        { "\"*\"", """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "Allow", false },
        { "\"*\"", """{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/48"]}}""", "Allow", false },
        { "\"*\"", """{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}""", "Allow", true },
        { "\"*\"", """{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "0.0.0.0/1"]}}""", "Allow", true },
        { "\"*\"", """{"IpAddress": {"aws:SourceIp": "::/0"}}""", "Allow", true },
        { "\"*\"", """{"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "Allow", true },
        { "\"*\"", """{"IpAddressIfExists": {"aws:SourceIp": "192.0.2.0/24"}}""", "Allow", true },
        { "\"*\"", """{"StringEquals": {"aws:SourceAccount": "111122223333"}}""", "Allow", false },
        { "\"*\"", """{"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1"}}""", "Allow", false },
        { "\"*\"", """{"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::*:distribution/*"}}""", "Allow", true },
        { "\"*\"", """{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}""", "Allow", false },
        { "\"*\"", """{"ForAllValues:StringEquals": {"aws:PrincipalAccount": "111122223333"}}""", "Allow", true },
        { "\"*\"", """{"StringNotEquals": {"aws:PrincipalAccount": "444455556666"}}""", "Allow", true },
        { "\"*\"", """{"StringEquals": {"aws:userid": "${aws:username}"}}""", "Allow", true },
        { "\"*\"", """{"Bool": {"aws:SecureTransport": "true"}}""", "Allow", true },
        { "\"*\"", """{"StringLike": {"s3:prefix": "public/*"}}""", "Allow", true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void IsPublic_Table_FollowsS3MeaningOfPublic(string principal, string condition, string effect, bool isPublic)
    {
        var conditionField = condition.Length == 0 ? "" : $", \"Condition\": {condition}";
        var policy = PolicyParser.ParseBucketPolicy($$"""
            {"Version": "2012-10-17", "Statement": [{"Effect": "{{effect}}", "Principal": {{principal}},
              "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*"{{conditionField}}}]}
            """, "media");

        Assert.Equal(isPublic, BucketPolicyStatus.IsPublic(policy));
    }

    [Fact]
    public void IsPublic_NotPrincipalAllow_IsPublic()
    {
        var policy = PolicyParser.ParseBucketPolicy("""
            {"Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/*"}}
            """, "media");

        Assert.True(BucketPolicyStatus.IsPublic(policy));
    }

    [Fact]
    public void IsPublic_OnePublicStatementAmongPrivateOnes_IsPublic()
    {
        var policy = PolicyParser.ParseBucketPolicy("""
            {"Statement": [
              {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "arn:aws:s3:::media/*"},
              {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::media/public/*"}
            ]}
            """, "media");

        Assert.True(BucketPolicyStatus.IsPublic(policy));
    }
}
