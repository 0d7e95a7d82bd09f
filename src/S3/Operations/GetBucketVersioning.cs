using Coffer.Engine.Model;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The bucket's versioning state; a bucket that never had versioning answers an empty configuration, as S3 does.</summary>
internal static class GetBucketVersioning
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = await request.Services.Buckets.GetAsync(Names.Bucket(request), request.Aborted);
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("VersioningConfiguration", S3Xml.Namespace);
            if (bucket.Versioning != BucketVersioning.Unversioned)
            {
                xml.WriteElementString("Status", bucket.Versioning == BucketVersioning.Enabled ? "Enabled" : "Suspended");
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }
}
