using System.Text;
using System.Xml;

using Microsoft.AspNetCore.Http;
using Microsoft.IO;

namespace Coffer.S3.Xml;

/// <summary>
/// Writes an XML response. Documents are built in a pooled buffer and then sent with a
/// Content-Length: the largest (a 1,000-key listing) is a few hundred KiB, and a known length
/// lets clients and proxies keep the connection alive without chunked framing.
/// </summary>
public static class XmlResponse
{
    private static readonly RecyclableMemoryStreamManager Buffers = new();

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        // Keys may hold characters XML 1.0 cannot carry (e.g. U+0001); S3 writes them escaped too.
        CheckCharacters = false,
    };

    public static async Task WriteAsync(HttpResponse response, int statusCode, Action<XmlWriter> write, CancellationToken cancellationToken)
    {
        await using var buffer = Buffers.GetStream("s3-xml");
        WriteDocument(buffer, write);
        response.StatusCode = statusCode;
        response.ContentType = "application/xml";
        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, cancellationToken);
    }

    /// <summary>Writes the whole document into <paramref name="buffer"/>, as a response carries it.</summary>
    public static void WriteDocument(Stream buffer, Action<XmlWriter> write)
    {
        using var writer = XmlWriter.Create(buffer, Settings);
        writer.WriteStartDocument();
        write(writer);
        writer.WriteEndDocument();
    }

    public static void Element(this XmlWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteElementString(name, value);
        }
    }
}
