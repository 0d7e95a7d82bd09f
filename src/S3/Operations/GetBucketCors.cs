using Coffer.S3.Cors;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

internal static class GetBucketCors
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var configuration = await BucketCors.GetAsync(request.Services.Settings, bucket, request.Aborted)
            ?? throw new S3Exception(S3Error.NoSuchCORSConfiguration, details: [new("BucketName", bucket.Value)]);

        await XmlResponse.WriteAsync(request.Response, 200, xml => CorsConfigurationWriter.Write(xml, configuration), request.Aborted);
    }
}
