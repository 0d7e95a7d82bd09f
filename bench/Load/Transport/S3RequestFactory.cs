using Coffer.TestKit.Signing;

namespace Coffer.Bench.Load.Transport;

/// <summary>Path-style S3 requests (<c>/bucket/key</c>), each signed with SigV4 in the Authorization header.</summary>
internal sealed class S3RequestFactory(Uri endpoint, string bucket, SigV4Signer signer) : IRequestFactory
{
    // Keys such as "a/./b" must reach the server as written: Uri would otherwise fold the dot segments away.
    private static readonly UriCreationOptions s_verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly string _origin = endpoint.GetLeftPart(UriPartial.Authority);
    private readonly string _basePath = endpoint.AbsolutePath.TrimEnd('/');
    private readonly string _host = endpoint.Authority;

    public HttpRequestMessage Create(
        HttpMethod method,
        string? key,
        IReadOnlyList<KeyValuePair<string, string>>? query = null,
        HttpContent? content = null,
        IReadOnlyList<(string Name, string Value)>? headers = null)
    {
        var path = $"{_basePath}/{UriEncoding.Encode(bucket, keepSlash: false)}";
        if (key is not null)
        {
            path += "/" + UriEncoding.Encode(key, keepSlash: true);
        }

        var canonicalQuery = CanonicalQuery(query);
        var url = canonicalQuery.Length == 0 ? _origin + path : $"{_origin}{path}?{canonicalQuery}";
        var request = new HttpRequestMessage(method, new Uri(url, in s_verbatim)) { Content = content };

        var payloadHash = content is null ? SigV4Signer.EmptyPayloadHash : SigV4Signer.UnsignedPayload;
        var signature = headers is null or { Count: 0 }
            ? signer.Sign(method.Method, path, canonicalQuery, _host, payloadHash, DateTime.UtcNow)
            : signer.SignHeaders(method.Method, path, canonicalQuery, [("host", _host), ("x-amz-content-sha256", payloadHash), .. headers], payloadHash, DateTime.UtcNow);

        // S3 refuses an x-amz-* header that is sent but not signed; the other given headers (Range) are signed as well
        // because that costs nothing and lets the server notice them altered on the way.
        RequestHeaders.Add(request, headers);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("x-amz-date", signature.AmzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return request;
    }

    /// <summary>Encoded names and values sorted by name, as SigV4 wants; the URL carries the same text.</summary>
    internal static string CanonicalQuery(IReadOnlyList<KeyValuePair<string, string>>? query)
    {
        if (query is null || query.Count == 0)
        {
            return "";
        }

        var encoded = query
            .Select(pair => (Name: UriEncoding.Encode(pair.Key, keepSlash: false), Value: UriEncoding.Encode(pair.Value, keepSlash: false)))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal);
        return string.Join('&', encoded.Select(pair => $"{pair.Name}={pair.Value}"));
    }
}
