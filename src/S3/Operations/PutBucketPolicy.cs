using System.Text;

using Coffer.Access.Evaluation;
using Coffer.Access.Policies;
using Coffer.Engine.Buckets;
using Coffer.S3.Authorization;
using Coffer.S3.Errors;
using Coffer.S3.PublicAccess;

namespace Coffer.S3.Operations;

/// <summary>
/// Sets (replaces) a bucket's policy. The document is checked as a bucket policy — a Principal in
/// every statement, s3 actions only, resources within this bucket — and kept as sent, which is
/// what GetBucketPolicy returns.
/// </summary>
internal static class PutBucketPolicy
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var body = await XmlRequestBody.ReadAsync(request);
        if (body.Length > BucketPolicies.MaxSize)
        {
            throw new S3Exception(S3Error.MalformedPolicy, "Policies cannot exceed 20 KB.");
        }

        var document = Encoding.UTF8.GetString(body);
        PolicyDocument policy;
        try
        {
            policy = PolicyParser.ParseBucketPolicy(document, bucket.Value);
        }
        catch (MalformedPolicyException malformed)
        {
            throw new S3Exception(S3Error.MalformedPolicy, malformed.Message);
        }

        // BlockPublicPolicy: a policy that would make the bucket public is refused outright.
        if (BucketPolicyStatus.IsPublic(policy)
            && (await PublicAccessBlock.FindAsync(request.Services.Settings, bucket, request.Aborted)).BlockPublicPolicy)
        {
            throw new S3Exception(S3Error.AccessDenied);
        }

        await request.Services.Settings.PutAsync(bucket, BucketSettingName.Policy, document, request.Aborted);
        request.Response.StatusCode = 204;
    }
}
