namespace Coffer.Bench.Load.Transport;

/// <summary>Adds the caller's extra headers to a request exactly as given, so that what was signed is what is sent.</summary>
internal static class RequestHeaders
{
    public static void Add(HttpRequestMessage request, IReadOnlyList<(string Name, string Value)>? headers)
    {
        foreach (var (name, value) in headers ?? [])
        {
            // Request headers only: a content header (Content-Type) here would be a caller's mistake, not a silent drop.
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ArgumentException($"{name} is not a request header", nameof(headers));
            }
        }
    }
}
