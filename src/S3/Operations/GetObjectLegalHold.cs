using Coffer.Engine.Model;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// The legal hold of the latest version, or of the one named. A version never held answers OFF: Coffer keeps no
/// difference between "never held" and "hold taken off", and OFF is true of both.
/// </summary>
internal static class GetObjectLegalHold
{
    public static async Task HandleAsync(S3Request request)
    {
        var version = await request.Services.Objects.HeadLockedAsync(Names.Bucket(request), Names.Key(request), request.Operation.VersionId, request.Aborted);
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("LegalHold", S3Xml.Namespace);
            xml.WriteElementString("Status", version.Attributes.LegalHold == LegalHoldStatus.On ? "ON" : "OFF");
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
