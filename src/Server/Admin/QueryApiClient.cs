using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace Coffer.Server.Admin;

/// <summary>Calls a Query-protocol service (IAM, STS, Coffer's own) on a Coffer endpoint as the aws CLI does: a signed form POST to "/".</summary>
public sealed class QueryApiClient(HttpClient http, Uri endpoint, RootPostSigner signer)
{
    private static readonly Dictionary<string, string> Versions = new(StringComparer.Ordinal) { ["iam"] = "2010-05-08", ["sts"] = "2011-06-15", ["coffer"] = "2026-12-06" };

    /// <summary>The Result element of the answer (or the response root for actions that answer none).</summary>
    /// <exception cref="ApiErrorException">The service answered with an error document.</exception>
    public async Task<XElement> CallAsync(string service, string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new[] { KeyValuePair.Create("Action", action), KeyValuePair.Create("Version", Versions[service]) }.Concat(parameters);
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        signer.Sign(request, service, body, []);

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        XElement root;
        try
        {
            root = XElement.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            throw new ApiErrorException(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), $"The endpoint did not answer like {service}: {text[..Math.Min(200, text.Length)]}");
        }

        if (root.Name.LocalName == "ErrorResponse")
        {
            throw new ApiErrorException(Child(root, "Code") ?? "Unknown", Child(root, "Message") ?? "");
        }

        return root.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? root;
    }

    /// <summary>The text of the first descendant element of that local name, or null.</summary>
    public static string? Child(XElement element, string localName) =>
        element.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
}
