using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Coffer.Engine.Model;

/// <summary>A bucket name that satisfies S3's general-purpose bucket naming rules.</summary>
public readonly record struct BucketName
{
    private BucketName(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse(string? text, [NotNullWhen(true)] out BucketName? name) => TryParse(text, out name, out _);

    /// <summary>
    /// S3's rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html):
    /// 3–63 characters of lowercase letters, digits, dots and hyphens; begins and ends with a letter
    /// or digit; no two adjacent dots, nor a dot beside a hyphen; not an IPv4 address; none of the
    /// reserved prefixes or suffixes below. When it fails, <paramref name="problem"/> is one sentence
    /// naming the first rule the text breaks, for the error message a client shows.
    /// </summary>
    /// <remarks>
    /// AWS also reserves amzn-s3-demo-, .mrap, --x-s3 and --table-s3, which Coffer has never refused.
    /// Refusing them now would change more than a message: a bucket created under such a name would
    /// stop parsing, and so become unreachable (every operation but CreateBucket treats a name that
    /// does not parse as a bucket that does not exist).
    /// </remarks>
    public static bool TryParse(string? text, [NotNullWhen(true)] out BucketName? name, [NotNullWhen(false)] out string? problem)
    {
        problem = Problem(text ?? "");
        name = problem is null ? new BucketName(text!) : null;
        return problem is null;
    }

    private static readonly (string Prefix, string ReservedFor)[] ReservedPrefixes =
    [
        ("xn--", "internationalized domain names (Punycode)"),
        ("sthree-", "Amazon S3's own use"),
    ];

    private static readonly (string Suffix, string ReservedFor)[] ReservedSuffixes =
    [
        ("-s3alias", "access point aliases"),
        ("--ol-s3", "Object Lambda access point aliases"),
    ];

    private static string? Problem(string text)
    {
        if (text.Length is < 3 or > 63)
        {
            return $"Bucket names must be 3 to 63 characters long; this one has {text.Length.ToString(CultureInfo.InvariantCulture)}.";
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
            {
                return $"Bucket names may contain only lowercase letters, digits, dots (.) and hyphens (-), not {Describe(c)}.";
            }
        }

        if (!char.IsAsciiLetterOrDigit(text[0]) || !char.IsAsciiLetterOrDigit(text[^1]))
        {
            return "Bucket names must begin and end with a letter or a digit.";
        }

        if (text.Contains("..", StringComparison.Ordinal))
        {
            return "Bucket names must not contain two adjacent dots.";
        }

        // An older rule of AWS's, kept: "a.-b" has a label beginning with a hyphen, which is no valid
        // host name, and the name could not be used virtual-hosted style.
        if (text.Contains(".-", StringComparison.Ordinal) || text.Contains("-.", StringComparison.Ordinal))
        {
            return "Bucket names must not have a dot next to a hyphen.";
        }

        if (LooksLikeIPv4(text))
        {
            return "Bucket names must not be formatted as an IP address (such as 192.168.5.4).";
        }

        foreach (var (prefix, reservedFor) in ReservedPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"Bucket names must not begin with {prefix}, which is reserved for {reservedFor}.";
            }
        }

        foreach (var (suffix, reservedFor) in ReservedSuffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return $"Bucket names must not end with {suffix}, which is reserved for {reservedFor}.";
            }
        }

        return null;
    }

    /// <summary>The character as a client can read it in a message: itself if visible ASCII, else its code point.</summary>
    private static string Describe(char c) =>
        c is > ' ' and < '\x7f' ? $"'{c}'" : $"U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}";

    private static bool LooksLikeIPv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
