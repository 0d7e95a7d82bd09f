using Coffer.S3.Lifecycle;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// Sets (replaces) the bucket's lifecycle configuration: the document is read into the engine's typed configuration,
/// which the engine checks and stores, and the lifecycle worker acts on. A refused document changes nothing.
/// </summary>
internal static class PutBucketLifecycleConfiguration
{
    public static async Task HandleAsync(S3Request request)
    {
        // 1. AWS's model requires a digest of the document (Content-MD5 or x-amz-checksum-*), and the header's value is
        //    checked before the body is judged.
        var minimumSize = TransitionMinimumSizeHeader.Read(request.HttpRequest.Headers);
        var body = await XmlRequestBody.ReadWithRequiredDigestAsync(request);

        // 2. S3 answers NoSuchBucket before it judges the document.
        var bucket = Names.Bucket(request);
        await request.Services.Buckets.GetAsync(bucket, request.Aborted);

        // 3. The shape here (MalformedXML), the values in the engine (InvalidArgument, InvalidRequest).
        var configuration = LifecycleConfigurationReader.Read(XmlRequestReader.Parse(body), minimumSize);
        await request.Services.Lifecycle.PutAsync(bucket, configuration, request.Aborted);

        TransitionMinimumSizeHeader.Write(request.Response.Headers, configuration.TransitionMinimumSize);
        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
