using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Tagging;

namespace Coffer.S3.Operations;

/// <summary>Replaces a bucket's tags (at most 50); 204, as S3 answers.</summary>
internal static class PutBucketTagging
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var body = await XmlRequestBody.ReadWithRequiredDigestAsync(request);
        var tags = TaggingDocument.Parse(Xml.XmlRequestReader.Parse(body), TagSetOwner.Bucket);
        await BucketTags.PutAsync(request.Services.Settings, bucket, tags, request.Aborted);
        request.Response.StatusCode = 204;
    }
}

/// <summary>A bucket's tags; NoSuchTagSet (404) when it has none, as S3 answers.</summary>
internal static class GetBucketTagging
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var tags = await BucketTags.GetAsync(request.Services.Settings, bucket, request.Aborted)
            ?? throw new S3Exception(S3Error.NoSuchTagSet, details: [new("BucketName", bucket.Value)]);
        await Xml.XmlResponse.WriteAsync(request.Response, 200, xml => TaggingDocument.Write(xml, tags), request.Aborted);
    }
}
