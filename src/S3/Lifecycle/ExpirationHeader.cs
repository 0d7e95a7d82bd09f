using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.S3.Http;
using Coffer.S3.Operations;

namespace Coffer.S3.Lifecycle;

/// <summary>
/// <c>x-amz-expiration</c>: on a write or read of a current version that an enabled rule of the bucket will expire, when
/// and by which rule, as S3 answers it (<c>expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="rule-name"</c>, the
/// rule's ID URL-encoded). See https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#API_PutObject_ResponseSyntax
/// </summary>
public static class ExpirationHeader
{
    public const string Name = "x-amz-expiration";

    /// <summary>
    /// Adds the header when a rule applies. The configuration comes from the settings cache, parsed once per stored
    /// document, so a bucket without rules costs one cache lookup.
    /// </summary>
    public static async Task WriteAsync(S3Request request, ObjectInfo version)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(version);
        if (!version.IsLatest || version.IsDeleteMarker
            || await request.Services.Lifecycle.FindAsync(Names.Bucket(request), request.Aborted) is not { } configuration)
        {
            return;
        }

        if (CurrentVersionExpiry.Of(configuration, version, request.Services.Options.LifecycleDay) is { } expiry)
        {
            request.Response.Headers[Name] = Format(expiry);
        }
    }

    public static string Format(CurrentVersionExpiry expiry)
    {
        ArgumentNullException.ThrowIfNull(expiry);
        return $"expiry-date=\"{HttpDates.Format(expiry.Date)}\", rule-id=\"{Uri.EscapeDataString(expiry.RuleId)}\"";
    }
}
