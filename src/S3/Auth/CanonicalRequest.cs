using System.Text;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Coffer.S3.Auth;

/// <summary>SigV4's canonical request: the one text both sides hash, built from the request as received.</summary>
internal static class CanonicalRequest
{
    public static string Build(
        string method,
        string canonicalUri,
        string canonicalQuery,
        IHeaderDictionary headers,
        IReadOnlyList<string> signedHeaders,
        string signedHeadersLine,
        string payloadHash)
    {
        var builder = new StringBuilder(256);
        builder.Append(method).Append('\n')
            .Append(canonicalUri).Append('\n')
            .Append(canonicalQuery).Append('\n');
        foreach (var name in signedHeaders)
        {
            // A signed header the request lacks signs as empty, as S3 accepts: some clients list
            // headers (content-length, transfer-encoding) that a proxy or the HTTP stack later drops.
            builder.Append(name).Append(':');
            AppendValues(builder, headers[name]);
            builder.Append('\n');
        }

        builder.Append('\n').Append(signedHeadersLine).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>Repeated headers join with ','; each value is trimmed and its runs of spaces collapse to one.</summary>
    private static void AppendValues(StringBuilder builder, StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var previousWasSpace = false;
            foreach (var c in (values[i] ?? string.Empty).AsSpan().Trim())
            {
                if (c == ' ' && previousWasSpace)
                {
                    continue;
                }

                previousWasSpace = c == ' ';
                builder.Append(c);
            }
        }
    }
}
