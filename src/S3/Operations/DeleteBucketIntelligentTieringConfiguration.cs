using Coffer.S3.Errors;

namespace Coffer.S3.Operations;

/// <summary>Removes one Intelligent-Tiering configuration: 204, or 404 NoSuchConfiguration when the bucket has none of that id.</summary>
internal static class DeleteBucketIntelligentTieringConfiguration
{
    public static async Task HandleAsync(S3Request request)
    {
        var id = IntelligentTieringId.Of(request);
        if (!await request.Services.IntelligentTiering.DeleteAsync(Names.Bucket(request), id, request.Aborted))
        {
            throw new S3Exception(S3Error.NoSuchConfiguration);
        }

        request.Response.StatusCode = 204;
    }
}
