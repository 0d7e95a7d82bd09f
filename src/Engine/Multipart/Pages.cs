using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

/// <summary>A page of ListParts. <see cref="NextPartNumberMarker"/> is the last part returned (null for none).</summary>
public sealed record PartsPage(UploadInfo Upload, IReadOnlyList<PartInfo> Parts, bool IsTruncated, int? NextPartNumberMarker);

/// <summary>
/// A page of ListMultipartUploads. When truncated, the next page starts after
/// <see cref="NextKeyMarker"/> and, if set, <see cref="NextUploadIdMarker"/> (unset when the page
/// ended on a common prefix).
/// </summary>
public sealed record UploadsPage(
    IReadOnlyList<UploadInfo> Uploads,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextKeyMarker,
    string? NextUploadIdMarker);
