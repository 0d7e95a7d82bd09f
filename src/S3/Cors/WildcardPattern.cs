namespace Coffer.S3.Cors;

/// <summary>
/// S3's CORS patterns: text with at most one "*" that stands for any run of characters, the empty
/// run included. The text before and after it must both fit in the value without overlapping.
/// </summary>
internal static class WildcardPattern
{
    public static bool Matches(string pattern, string value, StringComparison comparison)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(pattern, value, comparison);
        }

        var prefix = pattern.AsSpan(0, star);
        var suffix = pattern.AsSpan(star + 1);
        return value.Length >= prefix.Length + suffix.Length
            && value.AsSpan().StartsWith(prefix, comparison)
            && value.AsSpan().EndsWith(suffix, comparison);
    }

    public static int Count(string pattern) => pattern.AsSpan().Count('*');
}
