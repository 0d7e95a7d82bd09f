namespace Coffer.Access.Requests;

/// <summary>
/// The condition keys this library gives meaning to, with the type their values are written in.
/// Any other key may be put in a <see cref="RequestContext"/>; keys are case-insensitive.
/// </summary>
/// <remarks>
/// The type decides which operators make sense: String and Arn operators compare text, Numeric
/// operators parse decimals, Date operators parse ISO 8601 or epoch seconds, Bool compares
/// <c>true</c>/<c>false</c>, IpAddress parses an IPv4 or IPv6 address.
/// </remarks>
public static class ConditionKeys
{
    /// <summary>IP address of the client (IPv4 or IPv6); set by <see cref="RequestContextBuilder.WithSourceIp"/>.</summary>
    public const string SourceIp = "aws:SourceIp";

    /// <summary>Bool: whether the request came over TLS.</summary>
    public const string SecureTransport = "aws:SecureTransport";

    /// <summary>Date, ISO 8601 in UTC (<c>2026-01-31T12:00:00Z</c>).</summary>
    public const string CurrentTime = "aws:CurrentTime";

    /// <summary>Date or Numeric: seconds since the Unix epoch.</summary>
    public const string EpochTime = "aws:EpochTime";

    /// <summary>String: the IAM user's friendly name; absent for anonymous, root and role requests.</summary>
    public const string UserName = "aws:username";

    /// <summary>String: the principal's unique id (the account id for root); absent for anonymous requests.</summary>
    public const string UserId = "aws:userid";

    /// <summary>String: <c>Anonymous</c>, <c>Account</c>, <c>User</c>, <c>AssumedRole</c> or <c>FederatedUser</c>.</summary>
    public const string PrincipalType = "aws:PrincipalType";

    /// <summary>Arn: the principal's ARN; absent for anonymous requests.</summary>
    public const string PrincipalArn = "aws:PrincipalArn";

    /// <summary>String: the principal's account id; absent for anonymous requests.</summary>
    public const string PrincipalAccount = "aws:PrincipalAccount";

    /// <summary>String: the HTTP Referer header.</summary>
    public const string Referer = "aws:Referer";

    /// <summary>String: the HTTP User-Agent header.</summary>
    public const string UserAgent = "aws:UserAgent";

    /// <summary>String: ListObjects <c>prefix</c>; present (possibly empty) on every listing request.</summary>
    public const string S3Prefix = "s3:prefix";

    /// <summary>String: ListObjects <c>delimiter</c>.</summary>
    public const string S3Delimiter = "s3:delimiter";

    /// <summary>Numeric: ListObjects <c>max-keys</c>.</summary>
    public const string S3MaxKeys = "s3:max-keys";

    /// <summary>String: the canned ACL in <c>x-amz-acl</c>.</summary>
    public const string S3CannedAcl = "s3:x-amz-acl";

    /// <summary>String: <c>x-amz-server-side-encryption</c> (<c>AES256</c>, <c>aws:kms</c>).</summary>
    public const string S3ServerSideEncryption = "s3:x-amz-server-side-encryption";

    /// <summary>The KMS key a write names (x-amz-server-side-encryption-aws-kms-key-id), as the request names it.</summary>
    public const string S3ServerSideEncryptionKmsKeyId = "s3:x-amz-server-side-encryption-aws-kms-key-id";

    /// <summary>The SSE-C algorithm a request sends (x-amz-server-side-encryption-customer-algorithm).</summary>
    public const string S3ServerSideEncryptionCustomerAlgorithm = "s3:x-amz-server-side-encryption-customer-algorithm";

    /// <summary>String: the version id a request names.</summary>
    public const string S3VersionId = "s3:VersionId";

    /// <summary>String, multi-valued: the tag keys a request sets on an object.</summary>
    public const string S3RequestObjectTagKeys = "s3:RequestObjectTagKeys";

    /// <summary>String: prefix of <c>s3:ExistingObjectTag/&lt;key&gt;</c>, the value of a tag the object already has.</summary>
    public const string S3ExistingObjectTagPrefix = "s3:ExistingObjectTag/";

    /// <summary>String: prefix of <c>s3:RequestObjectTag/&lt;key&gt;</c>, the value of a tag the request sets.</summary>
    public const string S3RequestObjectTagPrefix = "s3:RequestObjectTag/";

    public static string S3ExistingObjectTag(string tagKey) => S3ExistingObjectTagPrefix + tagKey;

    public static string S3RequestObjectTag(string tagKey) => S3RequestObjectTagPrefix + tagKey;
}
