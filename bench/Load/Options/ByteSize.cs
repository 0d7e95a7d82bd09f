using System.Globalization;

namespace Coffer.Bench.Load.Options;

/// <summary>Sizes as the command line writes them: <c>4096</c>, <c>4096B</c>, <c>4KiB</c>, <c>16MiB</c>, <c>1GiB</c>.</summary>
internal static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] s_suffixes =
    [
        ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        long factor = 1;
        foreach (var (suffix, value) in s_suffixes)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = value;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        try
        {
            bytes = checked(count * factor);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static string Format(long bytes)
    {
        return bytes switch
        {
            >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}GiB",
            >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}MiB",
            >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}KiB",
            _ => $"{bytes}B",
        };
    }
}
