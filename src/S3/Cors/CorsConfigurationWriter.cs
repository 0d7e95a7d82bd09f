using System.Globalization;
using System.Text;
using System.Xml;

using Coffer.S3.Xml;

namespace Coffer.S3.Cors;

/// <summary>
/// Writes a CORS configuration as S3's CORSConfiguration document: the body of GetBucketCors, and
/// the text the bucket settings store keeps, so what is read back is what was accepted.
/// </summary>
public static class CorsConfigurationWriter
{
    private static readonly XmlWriterSettings DocumentSettings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,

        // Values are kept as sent: the reader accepts characters XML 1.0 cannot carry, and a
        // carriage return must stay one (written as &#xD;) rather than become a line feed.
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.Entitize,
    };

    /// <summary>Each rule's elements in the order GetBucketCors gives them in S3.</summary>
    public static void Write(XmlWriter xml, CorsConfiguration configuration)
    {
        xml.WriteStartElement("CORSConfiguration", S3Xml.Namespace);
        foreach (var rule in configuration.Rules)
        {
            xml.WriteStartElement("CORSRule");
            xml.Element("ID", rule.Id);
            WriteAll(xml, "AllowedMethod", rule.AllowedMethods);
            WriteAll(xml, "AllowedOrigin", rule.AllowedOrigins);
            WriteAll(xml, "AllowedHeader", rule.AllowedHeaders);
            xml.Element("MaxAgeSeconds", rule.MaxAgeSeconds?.ToString(CultureInfo.InvariantCulture));
            WriteAll(xml, "ExposeHeader", rule.ExposeHeaders);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>The configuration as the text that bucket settings store.</summary>
    public static string ToDocument(CorsConfiguration configuration)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, DocumentSettings))
        {
            Write(xml, configuration);
        }

        return text.ToString();
    }

    private static void WriteAll(XmlWriter xml, string name, IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            xml.WriteElementString(name, value);
        }
    }
}
