namespace Coffer.Torture.Verification;

/// <summary>One entry of ListObjectVersions: a version, or a delete marker; the ETag without its quotes.</summary>
public sealed record ListedVersion(string Key, string VersionId, bool IsMarker, bool IsLatest, long Size, string? ETag)
{
    public override string ToString() => IsMarker
        ? $"delete marker {VersionId}{(IsLatest ? " (latest)" : "")}"
        : $"version {VersionId} ({Size:N0} bytes, ETag {ETag}){(IsLatest ? " (latest)" : "")}";
}
