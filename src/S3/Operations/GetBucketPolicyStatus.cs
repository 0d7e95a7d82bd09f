using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Engine.Buckets;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Whether the bucket policy makes the bucket public (see <see cref="BucketPolicyStatus"/>). A
/// bucket without a policy is not public by policy: false, as the conformance suite (which runs
/// against AWS) expects, rather than NoSuchBucketPolicy.
/// </summary>
internal static class GetBucketPolicyStatus
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var document = await request.Services.Settings.GetAsync(bucket, BucketSettingName.Policy, request.Aborted);
        var isPublic = document is not null && BucketPolicyStatus.IsPublic(PolicyParser.ParseBucketPolicy(document, bucket.Value));

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("PolicyStatus", S3Xml.Namespace);
            xml.WriteElementString("IsPublic", isPublic ? "true" : "false");
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
