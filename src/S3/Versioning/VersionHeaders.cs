using Coffer.Engine.Model;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Versioning;

/// <summary>
/// x-amz-version-id and x-amz-delete-marker, written one way for every operation. A version id of <c>null</c> is
/// named only when the request named it or it is a delete marker's: an object in a bucket that never had versioning
/// answers without the header, as S3 answers.
/// </summary>
public static class VersionHeaders
{
    public const string VersionIdHeader = "x-amz-version-id";

    public const string DeleteMarkerHeader = "x-amz-delete-marker";

    public const string CopySourceVersionIdHeader = "x-amz-copy-source-version-id";

    public static void Write(IHeaderDictionary headers, string versionId, bool named = false)
    {
        if (named || versionId != VersionIds.Null)
        {
            headers[VersionIdHeader] = versionId;
        }
    }

    /// <summary>
    /// The source version a copy read (CopyObject, UploadPartCopy), by the same rule: <c>null</c> only when x-amz-copy-source
    /// named it.
    /// </summary>
    public static void WriteCopySource(IHeaderDictionary headers, string sourceVersionId, bool named)
    {
        if (named || sourceVersionId != VersionIds.Null)
        {
            headers[CopySourceVersionIdHeader] = sourceVersionId;
        }
    }

    /// <summary>A delete marker: its id, even when <c>null</c> (a suspended bucket's), and the flag.</summary>
    public static void WriteDeleteMarker(IHeaderDictionary headers, string versionId)
    {
        headers[DeleteMarkerHeader] = "true";
        headers[VersionIdHeader] = versionId;
    }
}
