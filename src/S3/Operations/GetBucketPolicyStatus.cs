using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Engine.Buckets;
using Coffer.S3.Acls;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Whether the bucket policy makes the bucket public (see <see cref="BucketPolicyStatus"/>), or
/// its ACL does (a grant to AllUsers or AuthenticatedUsers), as the conformance suite expects. A
/// bucket with neither is not public: false, as the suite (which runs against AWS) expects,
/// rather than NoSuchBucketPolicy.
/// </summary>
internal static class GetBucketPolicyStatus
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var document = await request.Services.Settings.GetAsync(bucket, BucketSettingName.Policy, request.Aborted);
        var isPublic = document is not null && BucketPolicyStatus.IsPublic(PolicyParser.ParseBucketPolicy(document, bucket.Value));
        if (!isPublic)
        {
            var ownership = await ObjectOwnershipRules.FindAsync(request.Services.Settings, bucket, request.Aborted);
            isPublic = (await ResourceAcls.OfBucketAsync(request.Services.Settings, bucket, ownership, request.Aborted)).IsPublic;
        }

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("PolicyStatus", S3Xml.Namespace);
            xml.WriteElementString("IsPublic", isPublic ? "true" : "false");
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
