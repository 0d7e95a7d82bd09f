using System.Globalization;

namespace Coffer.Bench.Load.Options;

/// <summary>Durations as the command line writes them: <c>10s</c>, <c>2m</c>, <c>500ms</c>; a bare number is seconds.</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text.Trim();
        double unitSeconds = 1;
        if (trimmed.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            unitSeconds = 0.001;
            trimmed = trimmed[..^2];
        }
        else if (trimmed.EndsWith('s') || trimmed.EndsWith('S'))
        {
            trimmed = trimmed[..^1];
        }
        else if (trimmed.EndsWith('m') || trimmed.EndsWith('M'))
        {
            unitSeconds = 60;
            trimmed = trimmed[..^1];
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(count * unitSeconds);
        return true;
    }
}
