using Coffer.Engine.Model;

namespace Coffer.Engine.Lifecycle;

/// <summary>When a current version is due to expire, and by which rule: what S3 reports as <c>x-amz-expiration</c>.</summary>
public sealed record CurrentVersionExpiry(DateTimeOffset Date, string RuleId)
{
    /// <summary>
    /// The earliest expiration that an enabled rule of <paramref name="configuration"/> with Days or Date gives a current
    /// version of that key, size, tags and creation time; null when no such rule applies. Rules that only remove delete
    /// markers, act on noncurrent versions or abort uploads expire no current version, so they are not reported.
    /// </summary>
    public static CurrentVersionExpiry? Of(LifecycleConfiguration configuration, ObjectInfo version, LifecycleDay day)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(day);
        if (!version.IsLatest || version.IsDeleteMarker)
        {
            return null;
        }

        CurrentVersionExpiry? earliest = null;
        foreach (var rule in configuration.Rules)
        {
            if (!rule.Enabled || rule.Expiration is not { } expiration || !rule.Filter.Matches(version.Key, version.Size, version.Attributes.Tags))
            {
                continue;
            }

            DateTimeOffset? due = expiration.Days is { } days ? day.After(version.LastModified, days) : expiration.Date;
            if (due is { } date && (earliest is null || date < earliest.Date))
            {
                earliest = new CurrentVersionExpiry(date, rule.Id);
            }
        }

        return earliest;
    }
}
