using System.Text.RegularExpressions;

using Coffer.Engine.Model;

namespace Coffer.Engine.Tiers;

/// <summary>The <c>--tier</c> values, parsed and checked together; each problem is one line that names the value.</summary>
public sealed record TierLocationsParse(IReadOnlyList<TierLocation> Locations, IReadOnlyList<string> Problems);

/// <summary>
/// Reads <c>--tier CLASS=LOCATION</c>: LOCATION is an absolute directory or
/// <c>s3://bucket/prefix?endpoint=http://host:port&amp;region=us-east-1</c>.
/// </summary>
public static partial class TierLocations
{
    /// <summary>
    /// The classes a tier can hold: every class of a general-purpose bucket but STANDARD, which is the main store
    /// (an object stored without a class, or with STANDARD, is there by definition).
    /// </summary>
    public static readonly IReadOnlyList<string> MappableClasses =
    [
        "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY",
    ];

    /// <param name="values">Each <c>--tier</c> value, in the order given.</param>
    /// <param name="environment">Reads an environment variable (for the per-tier credentials).</param>
    public static TierLocationsParse Parse(IEnumerable<string> values, Func<string, string?> environment)
    {
        var locations = new List<TierLocation>();
        var problems = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var problem = ParseOne(value, environment, out var location);
            if (problem is not null)
            {
                problems.Add($"--tier {WithoutUserInfo(value)}: {problem}");
            }
            else if (seen.TryGetValue(location!.StorageClass, out var earlier))
            {
                problems.Add($"--tier {value}: {location.StorageClass} is already mapped (--tier {earlier}); give each class one location.");
            }
            else
            {
                seen.Add(location.StorageClass, value);
                locations.Add(location);
            }
        }

        return new TierLocationsParse(locations, problems);
    }

    private static string? ParseOne(string value, Func<string, string?> environment, out TierLocation? location)
    {
        location = null;
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return "expected CLASS=LOCATION, e.g. GLACIER=/mnt/cold or GLACIER=s3://bucket/prefix.";
        }

        var storageClass = value[..equals];
        var text = value[(equals + 1)..];
        if (storageClass == StorageClasses.Standard)
        {
            return "STANDARD is the main store and cannot be mapped to a tier.";
        }

        if (!MappableClasses.Contains(storageClass, StringComparer.Ordinal))
        {
            return $"'{storageClass}' is not a storage class a tier can hold; use one of {string.Join(", ", MappableClasses)}.";
        }

        if (text.Length == 0)
        {
            return "no location; give an absolute directory or s3://bucket/prefix.";
        }

        if (text.StartsWith(S3TierUrl.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var problem = S3TierUrl.TryParse(storageClass, text, out var s3);
            location = s3;
            return problem ?? MissingCredentialHalf(s3!, environment);
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            return "not a location Coffer can use; give an absolute directory or s3://bucket/prefix.";
        }

        if (!Path.IsPathFullyQualified(text))
        {
            return $"'{text}' is a relative directory; give an absolute path, so the tier does not depend on the working directory.";
        }

        location = new DirectoryTierLocation(storageClass, Path.TrimEndingDirectorySeparator(Path.GetFullPath(text)));
        return null;
    }

    // A secret someone put in a URL (the tier's or its endpoint's) must not be repeated into the log that refuses it.
    private static string WithoutUserInfo(string value) => UserInfo().Replace(value, "$1…@");

    [GeneratedRegex("(://)[^/?#@]*@")]
    private static partial Regex UserInfo();

    // One half of a key pair alone is a typo or a half-finished edit; falling back to the default chain then would
    // quietly use other credentials than the operator meant.
    private static string? MissingCredentialHalf(S3TierLocation location, Func<string, string?> environment)
    {
        var hasId = !string.IsNullOrEmpty(environment(location.AccessKeyIdVariable));
        var hasSecret = !string.IsNullOrEmpty(environment(location.SecretAccessKeyVariable));
        return hasId == hasSecret
            ? null
            : $"{(hasId ? location.AccessKeyIdVariable : location.SecretAccessKeyVariable)} is set but "
                + $"{(hasId ? location.SecretAccessKeyVariable : location.AccessKeyIdVariable)} is not; set both, or neither to use the AWS SDK's default credentials.";
    }
}
