using Coffer.Engine.Ports;

namespace Coffer.Engine.Sqlite;

internal static class WriteConditions
{
    /// <summary>
    /// Null when <paramref name="condition"/> holds against the latest version, else the status
    /// to answer. A delete marker is "no current version", as S3 treats it for If-None-Match and
    /// If-Match.
    /// </summary>
    public static CommitStatus? Check(WriteCondition condition, LatestRow? latest)
    {
        var current = latest is { IsDeleteMarker: false } ? latest : null;
        if (condition.MustNotExist && current is not null)
        {
            return CommitStatus.ConditionFailed;
        }

        if (condition.ETagMustMatch is { } etag)
        {
            if (current is null)
            {
                return CommitStatus.NotFound;
            }

            if (!Bare(current.ETag).SequenceEqual(Bare(etag)))
            {
                return CommitStatus.ConditionFailed;
            }
        }

        return null;
    }

    // Clients send If-Match with or without quotes, sometimes weak; S3 matches them all. The
    // engine's early check compares the same way, so the two never disagree.
    private static ReadOnlySpan<char> Bare(string etag)
    {
        var span = etag.AsSpan().Trim();
        if (span.StartsWith("W/", StringComparison.Ordinal))
        {
            span = span[2..];
        }

        return span.Trim('"');
    }
}
