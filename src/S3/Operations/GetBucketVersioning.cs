using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Versioning has never been enabled on any bucket yet: S3 answers with an empty configuration.</summary>
internal static class GetBucketVersioning
{
    public static async Task HandleAsync(S3Request request)
    {
        await request.Services.Buckets.GetAsync(Names.Bucket(request), request.Aborted);
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("VersioningConfiguration", S3Xml.Namespace);
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
