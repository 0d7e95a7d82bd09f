using Coffer.Engine.Model;
using Coffer.S3.Tagging;

namespace Coffer.S3.Operations;

/// <summary>
/// Replaces the tags of the current version, or of the one named by versionId; the content, its metadata and its
/// last-modified time stay, as in S3.
/// </summary>
internal static class PutObjectTagging
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = Names.Bucket(request);
        var key = Names.Key(request);

        // The whole document is checked before anything changes: MalformedXML or InvalidTag leave the old tags. It may
        // have been read already, for a policy that tests the tags a request sets.
        var tags = await request.BodyTags.ReadAsync();
        var version = await request.Services.Objects.SetTagsAsync(bucket, key, request.Operation.VersionId, tags, request.Aborted);

        ObjectTaggingResponse.WriteVersionId(request, version);
        request.Response.StatusCode = 200;
        request.Response.ContentLength = 0;
    }
}

/// <summary>DeleteObjectTagging: the version keeps no tags; 204, as S3 answers.</summary>
internal static class DeleteObjectTagging
{
    public static async Task HandleAsync(S3Request request)
    {
        var version = await request.Services.Objects.SetTagsAsync(
            Names.Bucket(request), Names.Key(request), request.Operation.VersionId, TagSet.Empty, request.Aborted);
        ObjectTaggingResponse.WriteVersionId(request, version);
        request.Response.StatusCode = 204;
    }
}

/// <summary>GetObjectTagging: the version's tags as a Tagging document, an empty TagSet when it has none.</summary>
internal static class GetObjectTagging
{
    public static async Task HandleAsync(S3Request request)
    {
        var version = await request.Services.Objects.HeadAsync(Names.Bucket(request), Names.Key(request), request.Operation.VersionId, request.Aborted);
        ObjectTaggingResponse.WriteVersionId(request, version);
        await Xml.XmlResponse.WriteAsync(request.Response, 200, xml => TaggingDocument.Write(xml, version.Attributes.Tags), request.Aborted);
    }
}

internal static class ObjectTaggingResponse
{
    /// <summary>
    /// x-amz-version-id names the version acted on. The <c>null</c> version of a bucket that never had versioning is
    /// named only when the request named it, as PutObject leaves the header out there.
    /// </summary>
    public static void WriteVersionId(S3Request request, ObjectInfo version)
    {
        if (request.Operation.VersionId is not null || version.VersionId != VersionIds.Null)
        {
            request.Response.Headers["x-amz-version-id"] = version.VersionId;
        }
    }
}
