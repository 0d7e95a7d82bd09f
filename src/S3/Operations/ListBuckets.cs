using Coffer.S3.Http;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class ListBuckets
{
    public static async Task HandleAsync(S3Request request)
    {
        var buckets = await request.Services.Buckets.ListAsync(request.Aborted);
        var prefix = request.Query("prefix") ?? "";
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ListAllMyBucketsResult", S3Xml.Namespace);
            xml.WriteStartElement("Owner");
            xml.WriteElementString("ID", CanonicalUser.IdOf(request.Principal));
            xml.WriteElementString("DisplayName", request.Principal);
            xml.WriteEndElement();
            xml.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                if (!bucket.Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                xml.WriteStartElement("Bucket");
                xml.WriteElementString("Name", bucket.Name);
                xml.WriteElementString("CreationDate", S3Xml.Timestamp(bucket.CreatedAt));
                xml.WriteElementString("BucketRegion", bucket.Region);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            if (prefix.Length > 0)
            {
                xml.WriteElementString("Prefix", prefix);
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }
}
