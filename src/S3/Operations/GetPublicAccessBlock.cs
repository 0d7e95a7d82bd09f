using Coffer.Engine.Buckets;
using Coffer.S3.Errors;
using Coffer.S3.PublicAccess;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class GetPublicAccessBlock
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var stored = await request.Services.Settings.GetAsync(bucket, BucketSettingName.PublicAccessBlock, request.Aborted)
            ?? throw new S3Exception(S3Error.NoSuchPublicAccessBlockConfiguration, details: [new("BucketName", bucket.Value)]);
        await XmlResponse.WriteAsync(request.Response, 200, PublicAccessBlock.FromStored(stored).Write, request.Aborted);
    }
}
