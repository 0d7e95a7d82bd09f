using Coffer.Access.Evaluation;
using Coffer.Access.Tests.Support;

namespace Coffer.Access.Tests.Conditions;

/// <summary>
/// Every operator, positive and negative, one row per case: a Condition element, the request's
/// extra condition keys (<c>key=v1|v2&amp;key2=v</c>), and whether the condition holds.
/// </summary>
public class ConditionOperatorTests
{
    public static TheoryData<string, string, bool> Rows => new()
    {
        // String: exact, case-sensitive, several policy values OR-ed.
        { """{"StringEquals": {"s3:x-amz-acl": "private"}}""", "s3:x-amz-acl=private", true },
        { """{"StringEquals": {"s3:x-amz-acl": "private"}}""", "s3:x-amz-acl=Private", false },
        { """{"StringEquals": {"s3:x-amz-acl": ["public-read", "private"]}}""", "s3:x-amz-acl=private", true },
        { """{"StringEquals": {"s3:x-amz-acl": "private"}}""", "", false },
        { """{"StringEquals": {"s3:x-amz-acl": "pri*"}}""", "s3:x-amz-acl=private", false },
        { """{"StringEquals": {"S3:X-AMZ-ACL": "private"}}""", "s3:x-amz-acl=private", true },
        { """{"stringequals": {"s3:x-amz-acl": "private"}}""", "s3:x-amz-acl=private", true },
        { """{"StringNotEquals": {"s3:x-amz-acl": "public-read"}}""", "s3:x-amz-acl=private", true },
        { """{"StringNotEquals": {"s3:x-amz-acl": "public-read"}}""", "s3:x-amz-acl=public-read", false },
        { """{"StringNotEquals": {"s3:x-amz-acl": ["public-read", "private"]}}""", "s3:x-amz-acl=private", false },
        { """{"StringNotEquals": {"s3:x-amz-acl": ["public-read", "private"]}}""", "s3:x-amz-acl=bucket-owner-full-control", true },
        { """{"StringNotEquals": {"s3:x-amz-acl": "public-read"}}""", "", true },
        { """{"StringEqualsIgnoreCase": {"s3:x-amz-server-side-encryption": "aes256"}}""", "s3:x-amz-server-side-encryption=AES256", true },
        { """{"StringEqualsIgnoreCase": {"s3:x-amz-server-side-encryption": "aes256"}}""", "s3:x-amz-server-side-encryption=aws:kms", false },
        { """{"StringNotEqualsIgnoreCase": {"s3:x-amz-server-side-encryption": "aes256"}}""", "s3:x-amz-server-side-encryption=AES256", false },
        { """{"StringNotEqualsIgnoreCase": {"s3:x-amz-server-side-encryption": "aes256"}}""", "s3:x-amz-server-side-encryption=aws:kms", true },
        { """{"StringNotEqualsIgnoreCase": {"s3:x-amz-server-side-encryption": "aes256"}}""", "", true },
        { """{"StringLike": {"s3:prefix": "photos/*"}}""", "s3:prefix=photos/2024/a.jpg", true },
        { """{"StringLike": {"s3:prefix": "photos/*"}}""", "s3:prefix=Photos/a.jpg", false },
        { """{"StringLike": {"s3:prefix": "photos/20??/*"}}""", "s3:prefix=photos/2024/a.jpg", true },
        { """{"StringLike": {"s3:prefix": "photos/20??/*"}}""", "s3:prefix=photos/202/a.jpg", false },
        { """{"StringLike": {"s3:prefix": ["", "photos/*"]}}""", "s3:prefix=", true },
        { """{"StringLike": {"s3:prefix": "photos/*"}}""", "", false },
        { """{"StringNotLike": {"s3:prefix": "private/*"}}""", "s3:prefix=photos/a", true },
        { """{"StringNotLike": {"s3:prefix": "private/*"}}""", "s3:prefix=private/a", false },
        { """{"StringNotLike": {"s3:prefix": "private/*"}}""", "", true },

        // Numeric: policy values may be JSON numbers or strings.
        { """{"NumericEquals": {"s3:max-keys": "10"}}""", "s3:max-keys=10", true },
        { """{"NumericEquals": {"s3:max-keys": 10}}""", "s3:max-keys=10.0", true },
        { """{"NumericEquals": {"s3:max-keys": "10"}}""", "s3:max-keys=11", false },
        { """{"NumericEquals": {"s3:max-keys": "10"}}""", "s3:max-keys=ten", false },
        { """{"NumericNotEquals": {"s3:max-keys": "10"}}""", "s3:max-keys=11", true },
        { """{"NumericNotEquals": {"s3:max-keys": "10"}}""", "s3:max-keys=10", false },
        { """{"NumericNotEquals": {"s3:max-keys": "10"}}""", "", true },
        { """{"NumericLessThan": {"s3:max-keys": "100"}}""", "s3:max-keys=99", true },
        { """{"NumericLessThan": {"s3:max-keys": "100"}}""", "s3:max-keys=100", false },
        { """{"NumericLessThanEquals": {"s3:max-keys": "100"}}""", "s3:max-keys=100", true },
        { """{"NumericLessThanEquals": {"s3:max-keys": "100"}}""", "s3:max-keys=101", false },
        { """{"NumericGreaterThan": {"s3:max-keys": "10"}}""", "s3:max-keys=11", true },
        { """{"NumericGreaterThan": {"s3:max-keys": "10"}}""", "s3:max-keys=10", false },
        { """{"NumericGreaterThanEquals": {"s3:max-keys": "10"}}""", "s3:max-keys=10", true },
        { """{"NumericGreaterThanEquals": {"s3:max-keys": "10"}}""", "s3:max-keys=9.5", false },
        { """{"NumericLessThan": {"s3:max-keys": "100"}}""", "", false },

        // Date: ISO 8601 or epoch seconds, on either side.
        { """{"DateEquals": {"aws:CurrentTime": "2026-03-01T12:00:00Z"}}""", "aws:CurrentTime=2026-03-01T12:00:00Z", true },
        { """{"DateEquals": {"aws:CurrentTime": "2026-03-01T12:00:00Z"}}""", "aws:CurrentTime=1772366400", true },
        { """{"DateEquals": {"aws:CurrentTime": "2026-03-01T12:00:00Z"}}""", "aws:CurrentTime=2026-03-01T12:00:01Z", false },
        { """{"DateNotEquals": {"aws:CurrentTime": "2026-03-01"}}""", "aws:CurrentTime=2026-03-02T00:00:00Z", true },
        { """{"DateNotEquals": {"aws:CurrentTime": "2026-03-01"}}""", "aws:CurrentTime=2026-03-01T00:00:00Z", false },
        { """{"DateLessThan": {"aws:CurrentTime": "2026-06-30T00:00:00Z"}}""", "aws:CurrentTime=2026-03-01T12:00:00Z", true },
        { """{"DateLessThan": {"aws:CurrentTime": "2026-06-30T00:00:00Z"}}""", "aws:CurrentTime=2026-07-01T00:00:00Z", false },
        { """{"DateLessThanEquals": {"aws:CurrentTime": "2026-06-30T00:00:00Z"}}""", "aws:CurrentTime=2026-06-30T00:00:00Z", true },
        { """{"DateLessThanEquals": {"aws:CurrentTime": "2026-06-30T00:00:00Z"}}""", "aws:CurrentTime=2026-06-30T00:00:01Z", false },
        { """{"DateGreaterThan": {"aws:EpochTime": "1772366400"}}""", "aws:EpochTime=1772366401", true },
        { """{"DateGreaterThan": {"aws:EpochTime": "1772366400"}}""", "aws:EpochTime=1772366400", false },
        { """{"DateGreaterThanEquals": {"aws:CurrentTime": "2026-03-01T12:00:00+02:00"}}""", "aws:CurrentTime=2026-03-01T10:00:00Z", true },
        { """{"DateGreaterThanEquals": {"aws:CurrentTime": "2026-03-01T12:00:00+02:00"}}""", "aws:CurrentTime=2026-03-01T09:59:59Z", false },
        { """{"DateLessThan": {"aws:CurrentTime": "2026-06-30T00:00:00Z"}}""", "", false },

        // Bool, written as a string or a JSON boolean.
        { """{"Bool": {"aws:SecureTransport": "true"}}""", "aws:SecureTransport=true", true },
        { """{"Bool": {"aws:SecureTransport": true}}""", "aws:SecureTransport=TRUE", true },
        { """{"Bool": {"aws:SecureTransport": "true"}}""", "aws:SecureTransport=false", false },
        { """{"Bool": {"aws:SecureTransport": "false"}}""", "aws:SecureTransport=false", true },
        { """{"Bool": {"aws:SecureTransport": "false"}}""", "", false },

        // IpAddress: IPv4 and IPv6 CIDR, bare addresses, IPv4 seen through a dual-stack socket.
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SourceIp=192.0.2.77", true },
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SourceIp=192.0.3.1", false },
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SourceIp=::ffff:192.0.2.77", true },
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.9/24"}}""", "aws:SourceIp=192.0.2.200", true },
        { """{"IpAddress": {"aws:SourceIp": "203.0.113.5"}}""", "aws:SourceIp=203.0.113.5", true },
        { """{"IpAddress": {"aws:SourceIp": "203.0.113.5"}}""", "aws:SourceIp=203.0.113.6", false },
        { """{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}""", "aws:SourceIp=2001:db8:1::5", true },
        { """{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}""", "aws:SourceIp=2001:db9::1", false },
        { """{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}""", "aws:SourceIp=192.0.2.1", false },
        { """{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}""", "aws:SourceIp=198.51.100.1", true },
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SourceIp=not-an-ip", false },
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "", false },
        { """{"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SourceIp=198.51.100.1", true },
        { """{"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SourceIp=192.0.2.1", false },
        { """{"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/32"]}}""", "aws:SourceIp=2001:db8::1", false },
        { """{"NotIpAddress": {"aws:SourceIp": "2001:db8::/32"}}""", "aws:SourceIp=2001:db9::1", true },
        { """{"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "", true },

        // Arn: wildcards within each colon-separated component.
        { """{"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::logs"}}""", "aws:SourceArn=arn:aws:s3:::logs", true },
        { """{"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::logs"}}""", "aws:SourceArn=arn:aws:s3:::Logs", false },
        { """{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/ops-*"}}""", "aws:PrincipalArn=arn:aws:iam::444455556666:user/ops-carol", true },
        { """{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/ops-*"}}""", "aws:PrincipalArn=arn:aws:iam::444455556666:role/ops-carol", false },
        { """{"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}""", "aws:SourceArn=arn:aws:s3:us-east-1::logs", false },
        { """{"ArnLike": {"aws:SourceArn": "arn:aws:*"}}""", "aws:SourceArn=arn:aws:s3:::logs", true },
        { """{"ArnLike": {"aws:SourceArn": "arn:aws:*:*:*:*"}}""", "aws:SourceArn=arn:aws:s3:::logs", true },
        { """{"ArnLike": {"aws:SourceArn": "arn:aws:s3:::logs/*"}}""", "aws:SourceArn=arn:aws:s3:::logs/a:b", true },
        { """{"ArnNotEquals": {"aws:SourceArn": "arn:aws:s3:::logs"}}""", "aws:SourceArn=arn:aws:s3:::other", true },
        { """{"ArnNotEquals": {"aws:SourceArn": "arn:aws:s3:::logs"}}""", "aws:SourceArn=arn:aws:s3:::logs", false },
        { """{"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::log*"}}""", "aws:SourceArn=arn:aws:s3:::logs", false },
        { """{"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::log*"}}""", "", true },

        // BinaryEquals compares decoded bytes.
        { """{"BinaryEquals": {"s3:x-amz-checksum": "QmluYXJ5"}}""", "s3:x-amz-checksum=QmluYXJ5", true },
        { """{"BinaryEquals": {"s3:x-amz-checksum": "QmluYXJ5"}}""", "s3:x-amz-checksum=QmluYXJ6", false },

        // Null tests presence only.
        { """{"Null": {"s3:x-amz-server-side-encryption": "true"}}""", "", true },
        { """{"Null": {"s3:x-amz-server-side-encryption": "true"}}""", "s3:x-amz-server-side-encryption=AES256", false },
        { """{"Null": {"s3:x-amz-server-side-encryption": "false"}}""", "s3:x-amz-server-side-encryption=AES256", true },
        { """{"Null": {"s3:x-amz-server-side-encryption": false}}""", "", false },

        // ...IfExists: a missing key passes; a present one is tested.
        { """{"StringEqualsIfExists": {"s3:x-amz-acl": "private"}}""", "", true },
        { """{"StringEqualsIfExists": {"s3:x-amz-acl": "private"}}""", "s3:x-amz-acl=public-read", false },
        { """{"StringEqualsIfExists": {"s3:x-amz-acl": "private"}}""", "s3:x-amz-acl=private", true },
        { """{"NumericLessThanIfExists": {"s3:max-keys": "100"}}""", "", true },
        { """{"NumericLessThanIfExists": {"s3:max-keys": "100"}}""", "s3:max-keys=500", false },
        { """{"BoolIfExists": {"aws:SecureTransport": "true"}}""", "", true },
        { """{"NotIpAddressIfExists": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SourceIp=192.0.2.5", false },
        { """{"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:s3:::logs*"}}""", "", true },
        { """{"DateLessThanIfExists": {"aws:CurrentTime": "2026-01-01"}}""", "", true },

        // Set qualifiers over a multi-valued key.
        { """{"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": ["project", "owner"]}}""", "s3:RequestObjectTagKeys=color|owner", true },
        { """{"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": ["project", "owner"]}}""", "s3:RequestObjectTagKeys=color|size", false },
        { """{"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": ["project", "owner"]}}""", "", false },
        { """{"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["project", "owner"]}}""", "s3:RequestObjectTagKeys=project|owner", true },
        { """{"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["project", "owner"]}}""", "s3:RequestObjectTagKeys=project|color", false },
        { """{"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["project", "owner"]}}""", "", true },
        { """{"ForAllValues:StringLike": {"s3:RequestObjectTagKeys": "team-*"}}""", "s3:RequestObjectTagKeys=team-a|team-b", true },
        { """{"ForAllValues:StringNotEquals": {"s3:RequestObjectTagKeys": ["secret"]}}""", "s3:RequestObjectTagKeys=a|b", true },
        { """{"ForAllValues:StringNotEquals": {"s3:RequestObjectTagKeys": ["secret"]}}""", "s3:RequestObjectTagKeys=a|secret", false },
        { """{"ForAnyValue:StringNotEquals": {"s3:RequestObjectTagKeys": ["secret"]}}""", "s3:RequestObjectTagKeys=secret|a", true },
        { """{"ForAnyValue:StringNotEquals": {"s3:RequestObjectTagKeys": ["secret"]}}""", "s3:RequestObjectTagKeys=secret", false },
        { """{"ForAnyValue:StringNotEquals": {"s3:RequestObjectTagKeys": ["secret"]}}""", "", false },
        { """{"ForAnyValue:StringEqualsIfExists": {"s3:RequestObjectTagKeys": ["project"]}}""", "", true },
        { """{"StringEquals": {"s3:RequestObjectTagKeys": "owner"}}""", "s3:RequestObjectTagKeys=color|owner", true },
        { """{"StringNotEquals": {"s3:RequestObjectTagKeys": "owner"}}""", "s3:RequestObjectTagKeys=color|owner", false },

        // Several keys, and several operators, are AND-ed.
        { """{"StringEquals": {"s3:x-amz-acl": "private", "s3:x-amz-server-side-encryption": "AES256"}}""", "s3:x-amz-acl=private&s3:x-amz-server-side-encryption=AES256", true },
        { """{"StringEquals": {"s3:x-amz-acl": "private", "s3:x-amz-server-side-encryption": "AES256"}}""", "s3:x-amz-acl=private", false },
        { """{"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SecureTransport=true&aws:SourceIp=192.0.2.1", true },
        { """{"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}""", "aws:SecureTransport=false&aws:SourceIp=192.0.2.1", false },
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}, "NotIpAddress": {"aws:SourceIp": "192.0.2.188/32"}}""", "aws:SourceIp=192.0.2.188", false },
        { """{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}, "NotIpAddress": {"aws:SourceIp": "192.0.2.188/32"}}""", "aws:SourceIp=192.0.2.187", true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Condition_Table_HoldsAsAwsDocuments(string condition, string context, bool holds)
    {
        var request = SampleRequests.Make("alice", "s3:GetObject", "arn:aws:s3:::media/a.jpg", context);
        var decision = PolicyEvaluator.Evaluate(request, new ApplicablePolicies { IdentityPolicies = [SamplePolicies.AllowGetObjectWhen(condition)] });

        Assert.Equal(holds ? Decision.Allow : Decision.ImplicitDeny, decision);
    }
}
