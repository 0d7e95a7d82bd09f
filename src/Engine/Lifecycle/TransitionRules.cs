using Coffer.Engine.Model;

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// S3's rules for when a due transition is made: only down the waterfall of storage classes, never back up; only the
/// latest of several due at once; and not for small objects unless the configuration or the rule's filter says so.
/// </summary>
public static class TransitionRules
{
    /// <summary>Objects under this size stay where they are by default (S3's 128 KiB since 2024).</summary>
    public const long DefaultMinimumSize = 128 * 1024;

    /// <summary>
    /// The waterfall, from the warmest class down: a lifecycle transition only ever moves a version to a class further
    /// down (S3 Standard, Standard-IA, Intelligent-Tiering, One Zone-IA, Glacier Instant Retrieval, Glacier Flexible
    /// Retrieval, Glacier Deep Archive). Reduced Redundancy sits with Standard.
    /// </summary>
    private static readonly Dictionary<string, int> Depth = new(StringComparer.Ordinal)
    {
        [StorageClasses.Standard] = 0,
        ["REDUCED_REDUNDANCY"] = 0,
        ["STANDARD_IA"] = 1,
        ["INTELLIGENT_TIERING"] = 2,
        ["ONEZONE_IA"] = 3,
        ["GLACIER_IR"] = 4,
        ["GLACIER"] = 5,
        ["DEEP_ARCHIVE"] = 6,
    };

    /// <summary>True when a lifecycle transition may move a version of class <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool MovesDown(string from, string to) =>
        Depth.TryGetValue(from, out var fromDepth) && Depth.TryGetValue(to, out var toDepth) && toDepth > fromDepth;

    /// <summary>
    /// True when an object of <paramref name="size"/> bytes is big enough to go to <paramref name="target"/>. A rule whose
    /// filter bounds the size decides alone (S3: custom filters take precedence); otherwise objects under 128 KiB stay,
    /// except that <see cref="TransitionMinimumSize.VariesByStorageClass"/> lets any size go to GLACIER or DEEP_ARCHIVE.
    /// </summary>
    public static bool IsBigEnough(long size, string target, LifecycleFilter filter, TransitionMinimumSize minimum)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.ObjectSizeGreaterThan is not null || filter.ObjectSizeLessThan is not null)
        {
            return true;
        }

        if (minimum == TransitionMinimumSize.VariesByStorageClass && StorageClasses.Archive.Contains(target))
        {
            return true;
        }

        return size >= DefaultMinimumSize;
    }

    /// <summary>
    /// Of the transitions given with the moment each falls due, the class of the one due latest among those due by
    /// <paramref name="now"/> (so an object that missed several passes goes straight to the last class it should be
    /// in); null when none is due. At the same moment the deeper class wins, as S3 chooses Glacier over Standard-IA.
    /// </summary>
    public static string? LatestDue(IEnumerable<(DateTimeOffset Due, string StorageClass)> transitions, DateTimeOffset now) =>
        transitions
            .Where(transition => transition.Due <= now)
            .OrderBy(transition => transition.Due)
            .ThenBy(transition => Depth.GetValueOrDefault(transition.StorageClass, -1))
            .Select(transition => transition.StorageClass)
            .LastOrDefault();
}
