namespace Coffer.S3.Cors;

/// <summary>
/// Finds the first rule that allows a request, as S3 evaluates them: the rule must allow the
/// origin, the method, and (for a preflight) every header the browser asks to send.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html#cors-eval-criteria
/// </summary>
public static class CorsMatcher
{
    /// <param name="origin">The request's Origin header, compared case-sensitively as S3 does (a "*" in a pattern matches any case).</param>
    /// <param name="method">The actual request's method, or a preflight's Access-Control-Request-Method.</param>
    /// <param name="requestHeaders">A preflight's Access-Control-Request-Headers, as <see cref="CorsRequestHeaders.Parse"/> reads them; empty otherwise.</param>
    public static CorsMatch? FirstMatch(CorsConfiguration configuration, string origin, string method, IReadOnlyList<string> requestHeaders)
    {
        foreach (var rule in configuration.Rules)
        {
            if (rule.AllowedMethods.Contains(method, StringComparer.Ordinal)
                && rule.AllowedOrigins.Any(pattern => WildcardPattern.Matches(pattern, origin, StringComparison.Ordinal))
                && requestHeaders.All(header => AllowsHeader(rule, header)))
            {
                return new CorsMatch(rule, rule.AllowsAnyOrigin ? CorsConfiguration.Wildcard : origin);
            }
        }

        return null;
    }

    /// <summary>Header names are case-insensitive in HTTP, so in the rules too.</summary>
    private static bool AllowsHeader(CorsRule rule, string header) =>
        rule.AllowedHeaders.Any(pattern => WildcardPattern.Matches(pattern, header, StringComparison.OrdinalIgnoreCase));
}
