using System.Text;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>
/// One HTTP/1.1 request exactly as it goes on the wire, including what HttpClient refuses to send: a
/// Content-Length that lies, a request line with raw non-ASCII bytes, thousands of headers.
/// </summary>
/// <param name="Target">The request target as sent; characters up to U+00FF go out as single bytes.</param>
/// <param name="Headers">Sent in this order; Host, Content-Length and Connection are added unless given.</param>
/// <param name="DeclaredLength">The Content-Length to claim; the body's length when null.</param>
/// <param name="EndAfterBody">Half-closes the connection after the body, as a client that gives up mid-upload does.</param>
public sealed record RawRequest(
    string Method,
    string Target,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[] Body,
    long? DeclaredLength = null,
    bool EndAfterBody = false)
{
    public string Header(string name) =>
        Headers.FirstOrDefault(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public RawRequest WithHeader(string name, string value) =>
        this with { Headers = [.. Headers.Where(h => !h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)), (name, value)] };

    public RawRequest WithoutHeader(string name) =>
        this with { Headers = [.. Headers.Where(h => !h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))] };

    /// <summary>The request line and headers; Latin-1, so that a target may carry any byte.</summary>
    public byte[] Head(string authority)
    {
        var head = new StringBuilder($"{Method} {Target} HTTP/1.1\r\n");
        if (!Has("Host"))
        {
            head.Append($"Host: {authority}\r\n");
        }

        foreach (var (name, value) in Headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        if (!Has("Content-Length") && !Has("Transfer-Encoding") && (Body.Length > 0 || DeclaredLength is not null || Method is "PUT" or "POST"))
        {
            head.Append($"Content-Length: {DeclaredLength ?? Body.Length}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    private bool Has(string name) => Headers.Any(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
