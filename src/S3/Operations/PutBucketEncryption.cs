using Coffer.S3.Encryption;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Sets the bucket's encryption configuration: an AES256 default (SSE-S3 for every write that asks for no encryption)
/// or none, and whether SSE-C writes are blocked. KMS defaults are 501 until SSE-KMS is built.
/// </summary>
internal static class PutBucketEncryption
{
    public static async Task HandleAsync(S3Request request)
    {
        // AWS's model requires a digest of the document (Content-MD5 or x-amz-checksum-*), as for PutBucketTagging.
        var body = await XmlRequestBody.ReadWithRequiredDigestAsync(request);

        // S3 answers NoSuchBucket before it judges the document.
        var bucket = Names.Bucket(request);
        await request.Services.Buckets.GetAsync(bucket, request.Aborted);

        var configuration = BucketEncryptionDocument.Parse(XmlRequestReader.Parse(body));
        await request.Services.Buckets.SetEncryptionAsync(bucket, configuration, request.Aborted);
        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
