using Coffer.S3.Errors;
using Coffer.S3.Lifecycle;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>The bucket's lifecycle configuration, in the form it was sent; 404 NoSuchLifecycleConfiguration without one.</summary>
internal static class GetBucketLifecycleConfiguration
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var configuration = await request.Services.Lifecycle.GetAsync(bucket, request.Aborted)
            ?? throw new S3Exception(S3Error.NoSuchLifecycleConfiguration, details: [new("BucketName", bucket.Value)]);

        TransitionMinimumSizeHeader.Write(request.Response.Headers, configuration.TransitionMinimumSize);
        await XmlResponse.WriteAsync(request.Response, 200, xml => LifecycleConfigurationWriter.Write(xml, configuration), request.Aborted);
    }
}
