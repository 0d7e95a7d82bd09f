namespace Coffer.Engine.Tiers;

/// <summary>
/// Reads <c>s3://bucket/prefix?endpoint=…&amp;region=…</c>. By hand rather than with <see cref="Uri"/>, which
/// lowercases the host: legacy AWS buckets may have capitals, and the bucket must reach the endpoint as written.
/// </summary>
internal static class S3TierUrl
{
    public const string Scheme = "s3://";

    private const string EndpointParameter = "endpoint";
    private const string RegionParameter = "region";

    /// <returns>Null and the location, or the problem.</returns>
    public static string? TryParse(string storageClass, string text, out S3TierLocation? location)
    {
        location = null;
        var rest = text[Scheme.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rest : rest[..query];
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        var prefix = slash < 0 ? "" : path[(slash + 1)..].Trim('/');

        if (text.Contains('#', StringComparison.Ordinal))
        {
            return "bad URL: a tier URL has no fragment ('#').";
        }

        if (bucket.Contains('@', StringComparison.Ordinal))
        {
            return "credentials do not belong in the URL (they would show in process lists and logs); set "
                + $"COFFER_TIER_{storageClass}_ACCESS_KEY_ID and COFFER_TIER_{storageClass}_SECRET_ACCESS_KEY.";
        }

        if (bucket.Length == 0)
        {
            return "missing bucket; write s3://bucket/prefix.";
        }

        if (!IsBucketName(bucket))
        {
            return $"'{bucket}' is not a bucket name (3 to 63 letters, digits, '.', '-' or '_').";
        }

        if (prefix.Any(char.IsControl))
        {
            return "bad URL: the prefix has control characters.";
        }

        var problem = ReadParameters(query < 0 ? "" : rest[(query + 1)..], out var endpoint, out var region);
        if (problem is not null)
        {
            return problem;
        }

        location = new S3TierLocation(storageClass, bucket, prefix, endpoint, region ?? S3TierLocation.DefaultRegion);
        return null;
    }

    private static string? ReadParameters(string query, out Uri? endpoint, out string? region)
    {
        endpoint = null;
        region = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!seen.Add(name))
            {
                return $"bad URL: '{name}' is given twice.";
            }

            switch (name)
            {
                case EndpointParameter:
                    var problem = ReadEndpoint(value, out endpoint);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    break;
                case RegionParameter when IsRegion(value):
                    region = value;
                    break;
                case RegionParameter:
                    return $"bad URL: '{value}' is not a region (lowercase letters, digits and '-', e.g. us-east-1).";
                default:
                    return $"bad URL: unknown parameter '{name}'; the parameters are {EndpointParameter} and {RegionParameter}.";
            }
        }

        return null;
    }

    private static string? ReadEndpoint(string value, out Uri? endpoint)
    {
        endpoint = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return $"bad URL: endpoint '{value}' is not an http:// or https:// URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "bad URL: credentials do not belong in the endpoint; set them in the environment.";
        }

        // Path-style requests put the bucket first in the path; an endpoint path would have to come before it,
        // which S3 clients do not do.
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            return $"bad URL: endpoint '{value}' has a path or query; give only scheme, host and port.";
        }

        endpoint = uri;
        return null;
    }

    private static bool IsBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 63 && bucket.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static bool IsRegion(string region) =>
        region.Length > 0 && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
