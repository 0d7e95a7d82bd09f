using System.Globalization;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Cors;

/// <summary>The Access-Control-* headers S3 sends for a matched rule, on a preflight and on the actual request alike.</summary>
public static class CorsResponseHeaders
{
    /// <summary>
    /// The answer depends on these request headers, so caches between the browser and Coffer must
    /// keep one answer per value of each; S3 names all three whenever a rule matched.
    /// </summary>
    public const string Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

    /// <param name="allowHeaders">The headers a preflight asked for (all allowed, since the rule matched); empty for an actual request.</param>
    public static void Apply(IHeaderDictionary headers, CorsMatch match, IReadOnlyList<string> allowHeaders)
    {
        var rule = match.Rule;
        headers.AccessControlAllowOrigin = match.AllowOrigin;

        // All the rule's methods, not only the one asked about, as S3 answers.
        headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
        if (allowHeaders.Count > 0)
        {
            headers.AccessControlAllowHeaders = string.Join(", ", allowHeaders);
        }

        if (rule.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        }

        if (rule.MaxAgeSeconds is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(CultureInfo.InvariantCulture);
        }

        // Browsers refuse credentials with "Allow-Origin: *"; S3 allows them whenever it names the origin.
        if (!rule.AllowsAnyOrigin)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        headers.Vary = Vary;
    }
}
