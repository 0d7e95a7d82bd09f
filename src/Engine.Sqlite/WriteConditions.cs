using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

internal static class WriteConditions
{
    /// <summary>
    /// Null when <paramref name="condition"/> holds against the latest version, else the status
    /// to answer. A delete marker is "no current version", as S3 treats it for If-None-Match and
    /// If-Match.
    /// </summary>
    public static CommitStatus? Check(WriteCondition condition, LatestRow? latest) =>
        condition.Check(latest is { IsDeleteMarker: false } ? latest.ETag : null);
}
