using System.Text;

using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// Builds Signature Version 2's string to sign:
/// <c>VERB\nContent-MD5\nContent-Type\nDate-or-Expires\nCanonicalizedAmzHeaders CanonicalizedResource</c>.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html.
/// </summary>
internal static class SigV2StringToSign
{
    /// <summary>
    /// The query parameters SigV2 signs, as the S3 documentation and the SDKs that still speak SigV2
    /// (botocore's HmacV1 signer among them) list them. Every other parameter is left out, so this list
    /// must match what clients sign, not merely name every sub-resource S3 has.
    /// </summary>
    private static readonly HashSet<string> SignedSubResources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "cors", "delete", "inventory", "lifecycle", "location", "logging",
        "metrics", "notification", "object-lock", "partNumber", "policy", "replication", "requestPayment",
        "response-cache-control", "response-content-disposition", "response-content-encoding",
        "response-content-language", "response-content-type", "response-expires", "restore", "select",
        "select-type", "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
        "versions", "website",
    };

    /// <param name="request">The request.</param>
    /// <param name="target">Its raw path and query.</param>
    /// <param name="dateLine">The Date header, or Expires for a presigned URL, or "" when x-amz-date stands in.</param>
    /// <param name="virtualHostDomains">Where to find the bucket name in the Host header.</param>
    /// <param name="omitAmzDate">Leave x-amz-date out of the x-amz-* lines (the form where it fills the date line instead).</param>
    public static string Build(
        HttpRequest request,
        RequestTarget target,
        string dateLine,
        IReadOnlyList<string> virtualHostDomains,
        bool omitAmzDate)
    {
        var headers = request.Headers;
        var builder = new StringBuilder(256);
        builder.Append(request.Method).Append('\n')
            .Append(headers["Content-MD5"].ToString()).Append('\n')
            .Append(headers.ContentType.ToString()).Append('\n')
            .Append(dateLine).Append('\n');
        AppendAmzHeaders(builder, headers, omitAmzDate);
        AppendResource(builder, request.Host.Host, target, virtualHostDomains);
        return builder.ToString();
    }

    /// <summary>x-amz-* headers, lower-cased and sorted, "name:v1,v2\n" each.</summary>
    private static void AppendAmzHeaders(StringBuilder builder, IHeaderDictionary headers, bool omitAmzDate)
    {
        List<string>? names = null;
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                && !(omitAmzDate && name.Equals("x-amz-date", StringComparison.OrdinalIgnoreCase)))
            {
                (names ??= []).Add(name);
            }
        }

        if (names is null)
        {
            return;
        }

        names.Sort(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            builder.Append(name.ToLowerInvariant()).Append(':');
            var values = headers[name];
            for (var i = 0; i < values.Count; i++)
            {
                builder.Append(i > 0 ? "," : string.Empty).Append((values[i] ?? string.Empty).Trim());
            }

            builder.Append('\n');
        }
    }

    /// <summary>
    /// "/bucket" when the bucket is in the Host header, then the path exactly as sent (SigV2 signs the
    /// escapes literally), then the signed sub-resources sorted by name, with decoded values.
    /// </summary>
    private static void AppendResource(StringBuilder builder, string host, RequestTarget target, IReadOnlyList<string> virtualHostDomains)
    {
        var virtualHosted = false;
        foreach (var domain in virtualHostDomains)
        {
            if (host.Length > domain.Length + 1
                && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase)
                && host[host.Length - domain.Length - 1] == '.')
            {
                builder.Append('/').Append(host, 0, host.Length - domain.Length - 1);
                virtualHosted = true;
                break;
            }
        }

        builder.Append(target.RawPath.Length == 0 ? "/" : target.RawPath);

        // A path-style request for the bucket itself ("/bucket") is signed as "/bucket/": the
        // resource of a bucket always ends in a slash, whichever way the URL spelled it.
        if (!virtualHosted && target.RawPath.Length > 1 && target.RawPath.IndexOf('/', 1) < 0)
        {
            builder.Append('/');
        }

        List<(string Name, int Order, QueryParameters.Parameter Parameter)>? signed = null;
        var all = target.Query.All;
        for (var i = 0; i < all.Count; i++)
        {
            if (SignedSubResources.Contains(all[i].Name))
            {
                (signed ??= []).Add((all[i].Name, i, all[i]));
            }
        }

        if (signed is null)
        {
            return;
        }

        // Sorted by name; repeated names keep the order they were sent in.
        signed.Sort(static (a, b) => a.Name == b.Name ? a.Order.CompareTo(b.Order) : string.CompareOrdinal(a.Name, b.Name));
        var separator = '?';
        foreach (var (name, _, parameter) in signed)
        {
            builder.Append(separator).Append(name);
            if (parameter.HasEquals)
            {
                builder.Append('=').Append(UriEncoding.Decode(parameter.RawValue));
            }

            separator = '&';
        }
    }
}
