using System.Xml;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam.Query;

/// <summary>
/// Writes a Query-protocol answer: <c>&lt;{Action}Response xmlns="…"&gt;&lt;{Action}Result&gt;…&lt;/{Action}Result&gt;
/// &lt;ResponseMetadata&gt;&lt;RequestId&gt;…&lt;/RequestId&gt;&lt;/ResponseMetadata&gt;&lt;/{Action}Response&gt;</c>.
/// The document is built in memory (answers are small) so that Content-Length is known and a
/// failure while building it can still become an error answer.
/// </summary>
public static class QueryResponseWriter
{
    /// <param name="writeResult">Writes the Result element's children; null for actions that answer no Result, such as DeleteUser.</param>
    public static Task WriteAsync(HttpContext context, string xmlNamespace, string action, Action<XmlWriter>? writeResult, string requestId)
    {
        var body = QueryXml.Document(xml =>
        {
            xml.WriteStartElement(null, action + "Response", xmlNamespace);
            if (writeResult is not null)
            {
                xml.WriteStartElement(action + "Result");
                writeResult(xml);
                xml.WriteEndElement();
            }

            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        });

        return QueryXml.SendAsync(context, StatusCodes.Status200OK, body);
    }
}
