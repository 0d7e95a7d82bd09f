using System.Globalization;

namespace Coffer.S3.Http;

/// <summary>A satisfiable byte range of an object: first byte and length.</summary>
public readonly record struct ByteRange(long Offset, long Length)
{
    public long Last => Offset + Length - 1;
}

public enum RangeParse
{
    /// <summary>No Range header, or one S3 ignores (bad syntax, several ranges): send the whole object.</summary>
    WholeObject,
    Satisfiable,
    Unsatisfiable,
}

public static class RangeHeader
{
    /// <summary>
    /// Parses "bytes=a-b", "bytes=a-" and "bytes=-n" against an object of <paramref name="size"/>
    /// bytes. Like S3, a syntactically invalid header or a multi-range request is ignored and the
    /// whole object is returned; a valid range that starts past the end is unsatisfiable.
    /// </summary>
    public static RangeParse Parse(string? header, long size, out ByteRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(header))
        {
            return RangeParse.WholeObject;
        }

        var text = header.AsSpan().Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return RangeParse.WholeObject;
        }

        var spec = text[6..].Trim();
        if (spec.Contains(',') || spec.IndexOf('-') is var dash && dash < 0)
        {
            return RangeParse.WholeObject;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // Suffix range: the last n bytes.
            if (!TryParseCount(last, out var suffix))
            {
                return RangeParse.WholeObject;
            }

            if (suffix == 0 || size == 0)
            {
                return RangeParse.Unsatisfiable;
            }

            var length = Math.Min(suffix, size);
            range = new ByteRange(size - length, length);
            return RangeParse.Satisfiable;
        }

        if (!TryParseCount(first, out var start))
        {
            return RangeParse.WholeObject;
        }

        long end;
        if (last.IsEmpty)
        {
            end = size - 1;
        }
        else if (!TryParseCount(last, out end) || end < start)
        {
            return RangeParse.WholeObject;
        }

        if (start >= size)
        {
            return RangeParse.Unsatisfiable;
        }

        end = Math.Min(end, size - 1);
        range = new ByteRange(start, end - start + 1);
        return RangeParse.Satisfiable;
    }

    private static bool TryParseCount(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
