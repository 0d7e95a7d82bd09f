using Coffer.TestKit.Signing;

namespace Coffer.Bench.Load.Transport;

/// <summary>Unsigned requests to a plain HTTP server (nginx with WebDAV): key K of the bucket is the file <c>/bucket/K</c>.</summary>
internal sealed class PlainRequestFactory(Uri endpoint, string bucket) : IRequestFactory
{
    private readonly string _root = $"{endpoint.GetLeftPart(UriPartial.Authority)}{endpoint.AbsolutePath.TrimEnd('/')}/{UriEncoding.Encode(bucket, keepSlash: false)}";

    public HttpRequestMessage Create(
        HttpMethod method,
        string? key,
        IReadOnlyList<KeyValuePair<string, string>>? query = null,
        HttpContent? content = null,
        IReadOnlyList<(string Name, string Value)>? headers = null)
    {
        if (key is null || query is { Count: > 0 })
        {
            throw new NotSupportedException("plain HTTP has objects only: no bucket requests and no query parameters");
        }

        var request = new HttpRequestMessage(method, $"{_root}/{UriEncoding.Encode(key, keepSlash: true)}") { Content = content };
        RequestHeaders.Add(request, headers);
        return request;
    }
}
