using Coffer.S3.Acls;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The bucket's AccessControlPolicy; with ACLs off (BucketOwnerEnforced), the owner's full control, as S3 shows it.</summary>
internal static class GetBucketAcl
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        await request.Services.Buckets.GetAsync(bucket, request.Aborted);
        var ownership = await ObjectOwnershipRules.FindAsync(request.Services.Settings, bucket, request.Aborted);
        var acl = await ResourceAcls.OfBucketAsync(request.Services.Settings, bucket, ownership, request.Aborted);
        await XmlResponse.WriteAsync(request.Response, 200, xml => AclXml.Write(xml, acl), request.Aborted);
    }
}
