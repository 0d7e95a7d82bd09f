using Microsoft.AspNetCore.Http;

namespace Coffer.Iam.Query;

/// <summary>Writes a Query-protocol error: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.</summary>
public static class QueryErrorWriter
{
    public static Task WriteAsync(HttpContext context, string xmlNamespace, QueryException error, string requestId)
    {
        var body = QueryXml.Document(xml =>
        {
            xml.WriteStartElement(null, "ErrorResponse", xmlNamespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", error.FaultType);
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", error.Message);
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        });

        return QueryXml.SendAsync(context, error.StatusCode, body);
    }
}
