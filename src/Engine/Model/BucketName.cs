using System.Diagnostics.CodeAnalysis;

namespace Coffer.Engine.Model;

/// <summary>A bucket name that satisfies S3's general-purpose bucket naming rules.</summary>
public readonly record struct BucketName
{
    private BucketName(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>
    /// S3's rules: 3–63 characters of lowercase letters, digits, dots and hyphens; begins and ends
    /// with a letter or digit; no two adjacent dots; not an IPv4 address; not one of the reserved
    /// prefixes or suffixes AWS uses for access points and directory buckets.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out BucketName? name)
    {
        name = null;
        if (text is null || text.Length is < 3 or > 63)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
            {
                return false;
            }
        }

        if (!char.IsAsciiLetterOrDigit(text[0]) || !char.IsAsciiLetterOrDigit(text[^1]))
        {
            return false;
        }

        if (text.Contains("..", StringComparison.Ordinal)
            || text.Contains(".-", StringComparison.Ordinal)
            || text.Contains("-.", StringComparison.Ordinal))
        {
            return false;
        }

        if (LooksLikeIPv4(text)
            || text.StartsWith("xn--", StringComparison.Ordinal)
            || text.StartsWith("sthree-", StringComparison.Ordinal)
            || text.EndsWith("-s3alias", StringComparison.Ordinal)
            || text.EndsWith("--ol-s3", StringComparison.Ordinal))
        {
            return false;
        }

        name = new BucketName(text);
        return true;
    }

    private static bool LooksLikeIPv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
