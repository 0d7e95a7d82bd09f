using Coffer.S3.Errors;
using Coffer.S3.Tiering;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>One Intelligent-Tiering configuration of the bucket; 404 NoSuchConfiguration when it has none of that id.</summary>
internal static class GetBucketIntelligentTieringConfiguration
{
    public static async Task HandleAsync(S3Request request)
    {
        var id = IntelligentTieringId.Of(request);
        var configuration = await request.Services.IntelligentTiering.GetAsync(Names.Bucket(request), id, request.Aborted)
            ?? throw new S3Exception(S3Error.NoSuchConfiguration);

        await XmlResponse.WriteAsync(request.Response, 200, xml => IntelligentTieringDocument.Write(xml, configuration), request.Aborted);
    }
}
