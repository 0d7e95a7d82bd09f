using Coffer.S3.Errors;
using Coffer.S3.ObjectLock;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The bucket's object lock and default retention; 404 ObjectLockConfigurationNotFoundError when lock is off.</summary>
internal static class GetObjectLockConfiguration
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = await request.Services.Buckets.GetAsync(Names.Bucket(request), request.Aborted);
        var configuration = bucket.ObjectLock ?? throw new S3Exception(S3Error.ObjectLockConfigurationNotFoundError);
        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("ObjectLockConfiguration", S3Xml.Namespace);
            xml.WriteElementString("ObjectLockEnabled", "Enabled");
            if (configuration.DefaultRetention is { } retention)
            {
                xml.WriteStartElement("Rule");
                xml.WriteStartElement("DefaultRetention");
                xml.WriteElementString("Mode", ObjectLockDocuments.ModeText(retention.Mode));
                if (retention.Days is { } days)
                {
                    xml.WriteElementString("Days", days.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                if (retention.Years is { } years)
                {
                    xml.WriteElementString("Years", years.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }, request.Aborted);
    }
}
