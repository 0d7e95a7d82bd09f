using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Engine.Buckets;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Whether the bucket policy makes the bucket public (see <see cref="BucketPolicyStatus"/>).</summary>
internal static class GetBucketPolicyStatus
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var document = await request.Services.Settings.GetAsync(bucket, BucketSettingName.Policy, request.Aborted)
            ?? throw new S3Exception(S3Error.NoSuchBucketPolicy, details: [new("BucketName", bucket.Value)]);
        var isPublic = BucketPolicyStatus.IsPublic(PolicyParser.ParseBucketPolicy(document, bucket.Value));

        await XmlResponse.WriteAsync(request.Response, 200, xml =>
        {
            xml.WriteStartElement("PolicyStatus", S3Xml.Namespace);
            xml.WriteElementString("IsPublic", isPublic ? "true" : "false");
            xml.WriteEndElement();
        }, request.Aborted);
    }
}
