using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

using Coffer.S3.Auth;

namespace Coffer.Server.Admin;

/// <summary>An error document a Query service answered with.</summary>
public sealed class QueryApiException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}

/// <summary>
/// Calls a Query-protocol service (IAM, STS) on a Coffer endpoint as the aws CLI does: a form POST
/// to "/", signed with SigV4 for the service. The signing key, string to sign and signature come
/// from the same SigV4 code the server verifies with (linked from src/S3/Auth), so the two cannot
/// drift apart; only the canonical request of this one fixed shape is spelled out here.
/// </summary>
public sealed class QueryApiClient(HttpClient http, Uri endpoint, string region, string accessKeyId, string secretAccessKey, TimeProvider clock)
{
    private static readonly Dictionary<string, string> Versions = new(StringComparer.Ordinal) { ["iam"] = "2010-05-08", ["sts"] = "2011-06-15", ["coffer"] = "2026-12-06" };

    /// <summary>The Result element of the answer (or the response root for actions that answer none).</summary>
    /// <exception cref="QueryApiException">The service answered with an error document.</exception>
    public async Task<XElement> CallAsync(string service, string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new[] { KeyValuePair.Create("Action", action), KeyValuePair.Create("Version", Versions[service]) }.Concat(parameters);
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        Sign(request, service, body);

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        XElement root;
        try
        {
            root = XElement.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            throw new QueryApiException(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), $"The endpoint did not answer like {service}: {text[..Math.Min(200, text.Length)]}");
        }

        if (root.Name.LocalName == "ErrorResponse")
        {
            throw new QueryApiException(Child(root, "Code") ?? "Unknown", Child(root, "Message") ?? "");
        }

        return root.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result") ?? root;
    }

    /// <summary>The text of the first descendant element of that local name, or null.</summary>
    public static string? Child(XElement element, string localName) =>
        element.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    private void Sign(HttpRequestMessage request, string service, byte[] body)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var timestamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = timestamp[..8];
        var host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
        var contentType = request.Content!.Headers.ContentType!.ToString();
        const string SignedHeaders = "content-type;host;x-amz-date";
        var payloadHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));

        // Method, path, (empty) query, the signed headers in order, their names, the payload's hash.
        var canonical = $"POST\n/\n\ncontent-type:{contentType}\nhost:{host}\nx-amz-date:{timestamp}\n\n{SignedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/{SigV4.Terminal}";
        var signature = SigV4.Sign(SigV4.DeriveSigningKey(secretAccessKey, date, region, service), SigV4.StringToSign(timestamp, scope, canonical));

        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("x-amz-date", timestamp);
        request.Headers.TryAddWithoutValidation(
            "Authorization", $"{SigV4.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}");
    }
}
