using System.Globalization;
using System.Text;

using Coffer.S3.Errors;

namespace Coffer.S3.Auth;

/// <summary>
/// The errors authentication answers with, worded as S3 words them: clients and their users debug a
/// signing problem from these messages and details, and some SDKs read the details (Region, ServerTime).
/// </summary>
internal static class AuthErrors
{
    public const string HeaderMalformedPrefix = "The authorization header is malformed; ";

    public const string CredentialMalformedReason =
        "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";

    public static S3Exception UnsupportedAuthorizationType(string authorization)
    {
        return new S3Exception(S3Error.InvalidArgument, "Unsupported Authorization Type", Details(
            ("ArgumentName", "Authorization"),
            ("ArgumentValue", authorization)));
    }

    public static S3Exception MoreThanOneMechanism(string authorization)
    {
        return new S3Exception(
            S3Error.InvalidArgument,
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
            Details(("ArgumentName", "Authorization"), ("ArgumentValue", authorization)));
    }

    public static S3Exception HeaderMalformed(string reason)
    {
        return new S3Exception(S3Error.AuthorizationHeaderMalformed, HeaderMalformedPrefix + reason);
    }

    public static S3Exception QueryMalformed(string message)
    {
        return new S3Exception(S3Error.AuthorizationQueryParametersError, message);
    }

    /// <summary>S3 names the region it expected in a Region element; SDKs read it to retry in the right region.</summary>
    public static S3Exception WrongRegion(S3Error error, string prefix, string region, string expected)
    {
        return new S3Exception(error, $"{prefix}the region '{region}' is wrong; expecting '{expected}'", Details(("Region", expected)));
    }

    public static S3Exception InvalidAccessKeyId(string accessKeyId)
    {
        return new S3Exception(S3Error.InvalidAccessKeyId, null, Details(("AWSAccessKeyId", accessKeyId)));
    }

    public static S3Exception SignatureDoesNotMatch(string accessKeyId, string stringToSign, string signatureProvided, string? canonicalRequest)
    {
        var details = new List<KeyValuePair<string, string>>
        {
            new("AWSAccessKeyId", accessKeyId),
            new("StringToSign", stringToSign),
            new("SignatureProvided", signatureProvided),
            new("StringToSignBytes", SpacedHex(stringToSign)),
        };
        if (canonicalRequest is not null)
        {
            details.Add(new("CanonicalRequest", canonicalRequest));
            details.Add(new("CanonicalRequestBytes", SpacedHex(canonicalRequest)));
        }

        return new S3Exception(S3Error.SignatureDoesNotMatch, null, details);
    }

    public static S3Exception MissingDate()
    {
        return new S3Exception(S3Error.AccessDenied, "AWS authentication requires a valid Date or x-amz-date header");
    }

    public static S3Exception RequestTimeTooSkewed(string requestTime, DateTimeOffset now, TimeSpan maxSkew)
    {
        return new S3Exception(S3Error.RequestTimeTooSkewed, null, Details(
            ("RequestTime", requestTime),
            ("ServerTime", AmzDate.FormatIso(now)),
            ("MaxAllowedSkewMilliseconds", ((long)maxSkew.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>A presigned URL past its expiry. SigV2 URLs carry no X-Amz-Expires, hence the optional first detail.</summary>
    public static S3Exception Expired(string? xAmzExpires, DateTimeOffset expires, DateTimeOffset now)
    {
        var details = new List<KeyValuePair<string, string>>();
        if (xAmzExpires is not null)
        {
            details.Add(new("X-Amz-Expires", xAmzExpires));
        }

        details.Add(new("Expires", AmzDate.FormatIso(expires)));
        details.Add(new("ServerTime", AmzDate.FormatIso(now)));
        return new S3Exception(S3Error.AccessDenied, "Request has expired", details);
    }

    /// <summary>
    /// A presigned URL dated in the future. S3 reports X-Amz-Date here in epoch milliseconds, unlike
    /// everywhere else; the same is done here so that tools which match S3's responses keep working.
    /// </summary>
    public static S3Exception NotYetValid(DateTimeOffset signedAt, DateTimeOffset expires, DateTimeOffset now)
    {
        return new S3Exception(S3Error.AccessDenied, "Request is not yet valid", Details(
            ("X-Amz-Date", signedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            ("Expires", AmzDate.FormatIso(expires)),
            ("ServerTime", AmzDate.FormatIso(now))));
    }

    public static S3Exception HeadersNotSigned(string names)
    {
        return new S3Exception(
            S3Error.AccessDenied,
            "There were headers present in the request which were not signed",
            Details(("HeadersNotSigned", names)));
    }

    public static S3Exception MissingContentSha256()
    {
        return new S3Exception(S3Error.InvalidRequest, "Missing required header for this request: x-amz-content-sha256");
    }

    public static S3Exception InvalidContentSha256(string value)
    {
        return new S3Exception(
            S3Error.InvalidArgument,
            "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
            Details(("ArgumentName", "x-amz-content-sha256"), ("ArgumentValue", value)));
    }

    public static S3Exception ContentSha256Mismatch(string clientComputed, string serverComputed)
    {
        return new S3Exception(S3Error.XAmzContentSHA256Mismatch, null, Details(
            ("ClientComputedContentSHA256", clientComputed),
            ("S3ComputedContentSHA256", serverComputed)));
    }

    public static S3Exception IncompleteBody(string? message = null)
    {
        return new S3Exception(S3Error.IncompleteBody, message);
    }

    public static S3Exception MalformedChunkedBody(string reason)
    {
        return new S3Exception(S3Error.InvalidRequest, "The aws-chunked request body is malformed: " + reason);
    }

    public static S3Exception InvalidArgument(string message, string name, string value)
    {
        return new S3Exception(S3Error.InvalidArgument, message, Details(("ArgumentName", name), ("ArgumentValue", value)));
    }

    private static List<KeyValuePair<string, string>> Details(params (string Name, string Value)[] details)
    {
        var list = new List<KeyValuePair<string, string>>(details.Length);
        foreach (var (name, value) in details)
        {
            list.Add(new(name, value));
        }

        return list;
    }

    /// <summary>The "Bytes" details S3 adds: the UTF-8 bytes in hex, space separated, to expose invisible differences.</summary>
    private static string SpacedHex(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
