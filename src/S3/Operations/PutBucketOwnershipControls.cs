using Coffer.Engine.Buckets;
using Coffer.S3.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Sets the bucket's ownership rule. Stored ACLs stay; with BucketOwnerEnforced they simply stop counting, as in S3.</summary>
internal static class PutBucketOwnershipControls
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var ownership = ObjectOwnershipRules.Parse(XmlRequestReader.Parse(await XmlRequestBody.ReadAsync(request)));
        // S3 will not turn ACLs off while the bucket's own ACL grants to anyone but its owner:
        // the grant would silently stop working.
        if (ownership == ObjectOwnership.BucketOwnerEnforced
            && !(await ResourceAcls.OfBucketAsync(request.Services.Settings, bucket, ObjectOwnership.ObjectWriter, request.Aborted)).GrantsOnlyToOwner)
        {
            throw new S3Exception(S3Error.InvalidBucketAclWithObjectOwnership);
        }

        await request.Services.Settings.PutAsync(bucket, BucketSettingName.OwnershipControls, ownership.ToString(), request.Aborted);
        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
