using Coffer.Engine.Buckets;
using Coffer.S3.PublicAccess;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Sets (replaces) a bucket's public access block.</summary>
internal static class PutPublicAccessBlock
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var configuration = PublicAccessBlock.Parse(XmlRequestReader.Parse(await XmlRequestBody.ReadAsync(request)));
        await request.Services.Settings.PutAsync(bucket, BucketSettingName.PublicAccessBlock, configuration.ToXml(), request.Aborted);
        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
