using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Coffer.EndToEnd.Tests.Hostile;

/// <summary>A response read off the socket: status, headers, the body with any chunked framing removed.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>No response at all: the server closed or reset the connection without answering.</summary>
    public static readonly RawResponse None = new(0, new Dictionary<string, string>(), []);

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The S3 error code of an &lt;Error&gt; body; null when the body is not one.</summary>
    public string? ErrorCode
    {
        get
        {
            if (Body.Length == 0 || Body[0] != (byte)'<')
            {
                return null;
            }

            try
            {
                var root = XDocument.Parse(Text).Root;
                return root?.Name.LocalName == "Error" ? root.Element("Code")?.Value : null;
            }
            catch (System.Xml.XmlException)
            {
                return null;
            }
        }
    }

    /// <summary>The <c>__type</c> of a KMS error: a JSON body sent as application/x-amz-json-1.1; null for anything else, an S3 XML error included.</summary>
    public string? JsonErrorType
    {
        get
        {
            if (Header("Content-Type")?.StartsWith(RawS3Client.JsonContentType, StringComparison.Ordinal) != true)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("__type", out var type)
                    ? type.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>Parses everything the server sent on a connection it closed after one response.</summary>
    public static RawResponse Parse(byte[] raw)
    {
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return None;
        }

        var lines = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ', 3)[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = raw[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }
        else if (headers.TryGetValue("content-length", out var length) && long.TryParse(length, CultureInfo.InvariantCulture, out var declared) && declared < body.Length)
        {
            body = body[..(int)declared];
        }

        return new RawResponse(status, headers, body);
    }

    private static byte[] Unchunk(byte[] framed)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (position < framed.Length)
        {
            var lineEnd = framed.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(framed, position, lineEnd).Split(';')[0];
            var size = int.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            if (size == 0 || position + size > framed.Length)
            {
                break;
            }

            body.Write(framed, position, size);
            position += size + 2;
        }

        return body.ToArray();
    }
}
