using Coffer.S3.Xml;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Errors;

/// <summary>Writes S3's &lt;Error&gt; document: the one place an error reaches the client.</summary>
public static class ErrorResponseWriter
{
    public static async Task WriteAsync(HttpContext context, S3Exception error, string resource, string requestId)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Too late for a status line: cut the connection so the client sees a failed
            // transfer rather than a short body it might take as complete.
            context.Abort();
            return;
        }

        // A client that sent "Expect: 100-continue" holds its body back until told to go on. An
        // error answers before that, so the body never comes; the connection must close, or the
        // server would read the client's next request as the rest of this one.
        if (context.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.Connection = "close";
        }

        response.Headers.Remove("ETag");
        response.Headers.Remove("Last-Modified");
        response.Headers.ContentRange = default;
        if (error.Headers is not null)
        {
            foreach (var (name, value) in error.Headers)
            {
                response.Headers[name] = value;
            }
        }

        // A HEAD response has no body: clients see only the status code.
        if (HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = error.Error.StatusCode;
            response.ContentLength = null;
            return;
        }

        await XmlResponse.WriteAsync(response, error.Error.StatusCode, xml =>
        {
            xml.WriteStartElement("Error");
            xml.WriteElementString("Code", error.Error.Code);
            xml.WriteElementString("Message", error.Message);
            foreach (var (name, value) in error.Details)
            {
                xml.WriteElementString(name, value);
            }

            xml.WriteElementString("Resource", resource);
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        }, CancellationToken.None);
    }
}
