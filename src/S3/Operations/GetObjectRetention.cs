using Coffer.S3.Errors;
using Coffer.S3.ObjectLock;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The retention of the latest version, or of the one named; 404 NoSuchObjectLockConfiguration when it has none.</summary>
internal static class GetObjectRetention
{
    public static async Task HandleAsync(S3Request request)
    {
        var version = await request.Services.Objects.HeadLockedAsync(Names.Bucket(request), Names.Key(request), request.Operation.VersionId, request.Aborted);
        var retention = version.Attributes.Retention ?? throw new S3Exception(S3Error.NoSuchObjectLockConfiguration);
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("Retention", S3Xml.Namespace);
            xml.WriteElementString("Mode", ObjectLockDocuments.ModeText(retention.Mode));
            xml.WriteElementString("RetainUntilDate", S3Xml.Timestamp(retention.RetainUntil));
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
