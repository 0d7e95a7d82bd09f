namespace Coffer.Access.Matching;

/// <summary>
/// ARN comparison for the Arn condition operators: AWS checks each of the six colon-separated
/// components separately, so a wildcard never spans a colon there (unlike in Resource).
/// </summary>
internal static class ArnPattern
{
    private const int Components = 6;

    public static bool IsMatch(GlobPattern pattern, string arn)
    {
        var patternBounds = Split(pattern.Text);
        var arnBounds = Split(arn);
        if (patternBounds is null || arnBounds is null)
        {
            // Not an ARN on one side: fall back to comparing the whole strings.
            return pattern.IsMatch(arn, ignoreCase: false);
        }

        for (var i = 0; i < Components; i++)
        {
            var (patternStart, patternLength) = patternBounds[i];
            var (arnStart, arnLength) = arnBounds[i];
            if (!pattern.Slice(patternStart, patternLength).IsMatch(arn.AsSpan(arnStart, arnLength), ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Start and length of each component; the sixth (the resource) keeps any further colons.</summary>
    private static (int Start, int Length)[]? Split(string arn)
    {
        var bounds = new (int Start, int Length)[Components];
        var start = 0;
        for (var i = 0; i < Components - 1; i++)
        {
            var colon = arn.IndexOf(':', start);
            if (colon < 0)
            {
                return null;
            }

            bounds[i] = (start, colon - start);
            start = colon + 1;
        }

        bounds[Components - 1] = (start, arn.Length - start);
        return bounds;
    }
}
