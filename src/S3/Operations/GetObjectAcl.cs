using Coffer.S3.Acls;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The ACL of the latest version, or of the one named by versionId.</summary>
internal static class GetObjectAcl
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var version = await request.Services.Objects.HeadAsync(bucket, Names.Key(request), request.Operation.VersionId, request.Aborted);
        var ownership = await ObjectOwnershipRules.FindAsync(request.Services.Settings, bucket, request.Aborted);
        if (request.Operation.VersionId is not null)
        {
            request.Response.Headers["x-amz-version-id"] = version.VersionId;
        }

        var acl = ResourceAcls.OfObject(version, ownership);
        await XmlResponse.WriteAsync(request.Response, 200, xml => AclXml.Write(xml, acl), request.Aborted);
    }
}
