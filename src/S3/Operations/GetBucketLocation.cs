using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class GetBucketLocation
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = await request.Services.Buckets.GetAsync(Names.Bucket(request), request.Aborted);

        // S3 reports us-east-1 as an empty constraint, a quirk clients depend on.
        var constraint = bucket.Region == "us-east-1" ? "" : bucket.Region;
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("LocationConstraint", S3Xml.Namespace);
            xml.WriteString(constraint);
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
