using Coffer.S3.Errors;
using Coffer.S3.Tiering;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>Adds or replaces one Intelligent-Tiering configuration of the bucket, named by <c>?id=</c>.</summary>
internal static class PutBucketIntelligentTieringConfiguration
{
    public static async Task HandleAsync(S3Request request)
    {
        var id = IntelligentTieringId.Of(request);
        var body = await XmlRequestBody.ReadAsync(request);

        // S3 answers NoSuchBucket before it judges the document.
        var bucket = Names.Bucket(request);
        await request.Services.Buckets.GetAsync(bucket, request.Aborted);

        var configuration = IntelligentTieringDocument.Read(XmlRequestReader.Parse(body));
        if (configuration.Id != id)
        {
            throw new S3Exception(S3Error.InvalidArgument, "The Id in the configuration does not match the id of the request", [new("ArgumentName", "id")]);
        }

        await request.Services.IntelligentTiering.PutAsync(bucket, configuration, request.Aborted);
        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}
