namespace Coffer.Engine.Model;

/// <summary>How S3 compares entity tags in conditional headers.</summary>
public static class EntityTags
{
    /// <summary>
    /// True when <paramref name="header"/> (a comma-separated list of tags, or "*") names
    /// <paramref name="etag"/>. Quotes and a weak prefix are ignored: clients send all forms.
    /// </summary>
    public static bool AnyMatches(string header, string etag)
    {
        foreach (var range in header.AsSpan().Split(','))
        {
            var tag = header.AsSpan()[range].Trim();
            if (tag.SequenceEqual("*") || Bare(tag).SequenceEqual(Bare(etag)))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Equal(string a, string b) => Bare(a).SequenceEqual(Bare(b));

    private static ReadOnlySpan<char> Bare(ReadOnlySpan<char> tag)
    {
        var span = tag.Trim();
        if (span.StartsWith("W/", StringComparison.Ordinal))
        {
            span = span[2..];
        }

        return span.Trim('"');
    }
}
