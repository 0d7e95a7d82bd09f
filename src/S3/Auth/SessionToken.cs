using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// Where temporary credentials carry their session token: the <c>x-amz-security-token</c> header,
/// or the <c>X-Amz-Security-Token</c> parameter of a presigned URL. Clients sign it like any other
/// header or parameter, so a verified signature covers it.
/// </summary>
internal static class SessionToken
{
    public const string HeaderName = "x-amz-security-token";

    public const string QueryParameter = "X-Amz-Security-Token";

    public static string? FromHeaders(HttpRequest request)
    {
        var value = request.Headers[HeaderName];
        return value.Count == 0 ? null : value.ToString();
    }

    /// <summary>SigV4 presigned URLs spell it X-Amz-Security-Token; SigV2 ones x-amz-security-token.</summary>
    public static string? FromQuery(RequestTarget target) =>
        target.Query.Get(QueryParameter) ?? target.Query.Get(HeaderName);
}
