using Coffer.Engine.Archive;
using Coffer.Engine.Tiers;

namespace Coffer.Server.Configuration;

/// <summary>
/// Reads <c>--tier CLASS=LOCATION,...</c> (with <see cref="TierLocations"/>) and <c>--restore-delay TIER=DURATION,...</c>.
/// Messages say what is wrong; <see cref="ServerConfiguration"/> adds where the value came from.
/// </summary>
public static class TierSettings
{
    /// <summary>The tiers of a comma-separated list of <c>CLASS=LOCATION</c> (a repeated flag arrives joined so).</summary>
    public static IReadOnlyList<TierLocation> ParseTiers(string value)
    {
        var parsed = TierLocations.Parse(
            value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Environment.GetEnvironmentVariable);
        return parsed.Problems.Count == 0 ? parsed.Locations : throw new FormatException(string.Join("; ", parsed.Problems));
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
