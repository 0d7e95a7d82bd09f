using System.Xml;
using System.Xml.Linq;

using Coffer.S3.Errors;

namespace Coffer.S3.Xml;

/// <summary>
/// Reads the small XML documents that requests carry (DeleteObjects, CreateBucketConfiguration).
/// The size is capped before parsing and DTDs are refused, so a hostile body can neither
/// exhaust memory nor expand entities.
/// </summary>
public static class XmlRequestReader
{
    /// <summary>A DeleteObjects request of 1,000 keys of 1,024 bytes each fits with room to spare.</summary>
    public const int MaxDocumentBytes = 2 * 1024 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        // Keys in a DeleteObjects body may be any UTF-8, as they may be in a PUT.
        CheckCharacters = false,
    };

    /// <summary>
    /// Reads the whole body into memory, refusing it with MaxMessageLengthExceeded (S3's code for a
    /// request body too big for its operation) as soon as it passes <see cref="MaxDocumentBytes"/>:
    /// a 10 MB document costs no more memory than the limit, and nothing of it is parsed.
    /// </summary>
    public static async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new S3Exception(S3Error.MaxMessageLengthExceeded);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Deeper than any S3 request document (an ACL's AccessControlPolicy/AccessControlList/Grant/Grantee/ID
    /// is five levels). Building a tree costs time that grows with the square of the nesting depth: the
    /// parser fuzzing found a 2 MiB body of 300,000 nested elements would hold a core for many minutes.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>Parses a document; null for an empty body. Malformed or nested deeper than <see cref="MaxDepth"/> → MalformedXML.</summary>
    public static XElement? Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            var bytes = body.ToArray();

            // 1. A streaming pass that stops at the first element too deep, before any tree is built.
            using (var scan = XmlReader.Create(new MemoryStream(bytes, writable: false), Settings))
            {
                while (scan.Read())
                {
                    if (scan.NodeType == XmlNodeType.Element && scan.Depth > MaxDepth)
                    {
                        throw new S3Exception(S3Error.MalformedXML);
                    }
                }
            }

            // 2. The tree, of a document now known to be well-formed and shallow.
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), Settings);
            return XDocument.Load(reader).Root;
        }
        catch (XmlException)
        {
            throw new S3Exception(S3Error.MalformedXML);
        }
    }

    /// <summary>A child element by local name, ignoring the namespace (clients send it with and without).</summary>
    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);
}
