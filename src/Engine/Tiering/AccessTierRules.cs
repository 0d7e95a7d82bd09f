using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tiering;

/// <summary>
/// S3 Intelligent-Tiering's rules for the access tier an INTELLIGENT_TIERING version belongs in: 30 consecutive days
/// without access make it Infrequent, 90 Archive Instant; a matching enabled bucket configuration takes it on to Archive
/// Access and Deep Archive Access after its days. An archived version stays archived until restored (it may still go
/// deeper); one accessed again belongs in Frequent. Objects under 128 KiB are not monitored and stay Frequent.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/intelligent-tiering-overview.html
/// </summary>
public static class AccessTierRules
{
    /// <summary>S3 monitors (and so moves) only objects of at least 128 KiB.</summary>
    public const long MinimumMonitoredSize = 128 * 1024;

    public const int InfrequentAfterDays = 30;

    public const int ArchiveInstantAfterDays = 90;

    public static bool IsMonitored(ObjectInfo version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return !version.IsDeleteMarker && version.Attributes.StorageClass == StorageClasses.IntelligentTiering && version.Size >= MinimumMonitoredSize;
    }

    /// <summary>
    /// The tier the version belongs in at <paramref name="now"/>, given its tags and the bucket's configurations
    /// (disabled ones count for nothing). Days are lifecycle days counted from the last recorded access.
    /// </summary>
    public static AccessTier Due(
        ObjectInfo version, TagSet tags, IReadOnlyList<IntelligentTieringConfiguration> configurations, LifecycleDay day, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(day);
        var state = version.TieringOrDefault;
        if (!IsMonitored(version))
        {
            return AccessTier.Frequent;
        }

        bool IdleFor(int days) => day.After(state.LastAccessed, days) <= now;
        var (archive, deep) = ArchiveDays(version.Key, tags, configurations);
        if (deep is { } deepDays && IdleFor(deepDays))
        {
            return AccessTier.DeepArchiveAccess;
        }

        if (state.IsArchived)
        {
            return state.Tier; // Only a restore takes it out.
        }

        if (archive is { } archiveDays && IdleFor(archiveDays))
        {
            return AccessTier.ArchiveAccess;
        }

        return IdleFor(ArchiveInstantAfterDays) ? AccessTier.ArchiveInstant
            : IdleFor(InfrequentAfterDays) ? AccessTier.Infrequent
            : AccessTier.Frequent;
    }

    /// <summary>True when a configuration that may apply to the key filters by tags, which a scanned version may not carry.</summary>
    public static bool NeedsTags(string key, IReadOnlyList<IntelligentTieringConfiguration> configurations)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        return configurations.Any(c => c.Enabled && c.Tags.Count > 0 && key.StartsWith(c.Prefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// The days after which the enabled configurations whose filter matches move the object to each archive tier; the
    /// fewest when several match (each configuration alone would move it then). Null for a tier none asks for.
    /// </summary>
    private static (int? Archive, int? Deep) ArchiveDays(string key, TagSet tags, IReadOnlyList<IntelligentTieringConfiguration> configurations)
    {
        int? archive = null, deep = null;
        foreach (var configuration in configurations)
        {
            if (!configuration.Enabled || !key.StartsWith(configuration.Prefix, StringComparison.Ordinal)
                || !configuration.Tags.All(tag => tags.Tags.Contains(tag)))
            {
                continue;
            }

            foreach (var tiering in configuration.Tierings)
            {
                if (tiering.AccessTier == IntelligentTieringAccessTier.ArchiveAccess)
                {
                    archive = Math.Min(archive ?? int.MaxValue, tiering.Days);
                }
                else
                {
                    deep = Math.Min(deep ?? int.MaxValue, tiering.Days);
                }
            }
        }

        return (archive, deep);
    }
}
