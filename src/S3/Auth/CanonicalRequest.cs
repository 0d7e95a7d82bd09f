using System.Buffers;
using System.Security.Cryptography;
using System.Text;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Coffer.S3.Auth;

/// <summary>SigV4's canonical request: the one text both sides hash, built from the request as received.</summary>
internal static class CanonicalRequest
{
    // One builder per thread, reused: every signed request builds this text, and only the failing
    // ones need it as a string (for the error), so the accepted ones allocate nothing for it.
    [ThreadStatic]
    private static StringBuilder? t_builder;

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
        Append(builder, method, canonicalUri, canonicalQuery, headers, signedHeaders, signedHeadersLine, payloadHash);
        return builder.ToString();
    }

    /// <summary>The SHA-256 of the text <see cref="Build"/> returns, written to <paramref name="hash"/> (32 bytes), without building a string.</summary>
    public static void Hash(
        string method,
        string canonicalUri,
        string canonicalQuery,
        IHeaderDictionary headers,
        IReadOnlyList<string> signedHeaders,
        string signedHeadersLine,
        string payloadHash,
        Span<byte> hash)
    {
        var builder = t_builder ??= new StringBuilder(512);
        builder.Clear();
        Append(builder, method, canonicalUri, canonicalQuery, headers, signedHeaders, signedHeadersLine, payloadHash);
        var chars = ArrayPool<char>.Shared.Rent(builder.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(builder.Length));
        try
        {
            builder.CopyTo(0, chars, 0, builder.Length);
            var length = Encoding.UTF8.GetBytes(chars, 0, builder.Length, bytes, 0);
            SHA256.HashData(bytes.AsSpan(0, length), hash);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }

        // A builder grown by one huge request is not worth keeping for the thread's lifetime.
        if (builder.Capacity > 16 * 1024)
        {
            t_builder = null;
        }
    }

    private static void Append(
        StringBuilder builder,
        string method,
        string canonicalUri,
        string canonicalQuery,
        IHeaderDictionary headers,
        IReadOnlyList<string> signedHeaders,
        string signedHeadersLine,
        string payloadHash)
    {
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
