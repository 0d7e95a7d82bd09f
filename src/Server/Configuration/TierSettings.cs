using Coffer.Engine.Archive;
using Coffer.Engine.Model;

namespace Coffer.Server.Configuration;

/// <summary>
/// Reads <c>--tier CLASS=LOCATION,...</c> and <c>--restore-delay TIER=DURATION,...</c>. Messages say what is wrong
/// without naming the source, which <see cref="ServerConfiguration"/> adds.
/// </summary>
public static class TierSettings
{
    /// <summary>One class to one place: an absolute directory, or <c>s3://bucket/prefix?endpoint=…</c>.</summary>
    public sealed record TierMapping(string StorageClass, string Location);

    public static IReadOnlyList<TierMapping> ParseTiers(string value)
    {
        var mappings = new List<TierMapping>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == item.Length - 1)
            {
                throw new FormatException($"'{item}' is not CLASS=LOCATION");
            }

            var storageClass = item[..equals];
            var location = item[(equals + 1)..];
            if (storageClass == StorageClasses.Standard)
            {
                throw new FormatException("STANDARD lives in the data directory and cannot be given a tier");
            }

            if (!StorageClasses.IsKnown(storageClass))
            {
                throw new FormatException($"'{storageClass}' is not a storage class ({string.Join(", ", StorageClasses.All.Where(c => c != StorageClasses.Standard))})");
            }

            if (mappings.Any(m => m.StorageClass == storageClass))
            {
                throw new FormatException($"{storageClass} is given two tiers");
            }

            if (!location.StartsWith("s3://", StringComparison.Ordinal) && !Path.IsPathFullyQualified(location))
            {
                throw new FormatException($"the location of {storageClass} must be an absolute directory or s3://bucket/prefix, not '{location}'");
            }

            mappings.Add(new TierMapping(storageClass, location));
        }

        return mappings;
    }

    public static RestoreDelays ParseRestoreDelays(string value)
    {
        var delays = RestoreDelays.None;
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{item}' is not TIER=DURATION");
            }

            var delay = Hosting.DurationText.Parse(item[(equals + 1)..], "a restore delay");
            delays = item[..equals] switch
            {
                "Expedited" => delays with { Expedited = delay },
                "Standard" => delays with { Standard = delay },
                "Bulk" => delays with { Bulk = delay },
                var tier => throw new FormatException($"'{tier}' is not a retrieval tier (Expedited, Standard, Bulk)"),
            };
        }

        return delays;
    }
}
