using Coffer.S3.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The bucket's ownership rule; OwnershipControlsNotFoundError when it has none (it then behaves as ObjectWriter).</summary>
internal static class GetBucketOwnershipControls
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        await request.Services.Buckets.GetAsync(bucket, request.Aborted);
        var ownership = await ObjectOwnershipRules.FindStoredAsync(request.Services.Settings, bucket, request.Aborted)
            ?? throw new S3Exception(S3Error.OwnershipControlsNotFoundError, details: [new("BucketName", bucket.Value)]);
        await XmlResponse.WriteAsync(request.Response, 200, xml => ObjectOwnershipRules.Write(xml, ownership), request.Aborted);
    }
}
