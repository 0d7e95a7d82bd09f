using System.Globalization;

namespace Coffer.Server.Hosting;

/// <summary>
/// Durations as options spell them: a whole number of seconds, bare or with <c>s</c> (<c>30</c>, <c>30s</c>),
/// or of minutes with <c>m</c> (<c>2m</c>). One spelling for every duration option, parsed here once.
/// </summary>
public static class DurationText
{
    /// <exception cref="ArgumentException">The text is not such a duration; the message says what is expected.</exception>
    public static TimeSpan Parse(string text, string optionName)
    {
        var trimmed = text.Trim();
        var (digits, unit) = trimmed.EndsWith('m') ? (trimmed[..^1], TimeSpan.FromMinutes(1))
            : trimmed.EndsWith('s') ? (trimmed[..^1], TimeSpan.FromSeconds(1))
            : (trimmed, TimeSpan.FromSeconds(1));

        // At most a day: timers take at most 24.8 days, and a wait of more than a day is surely a typo.
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || unit * count > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"{optionName} must be a whole number of seconds or minutes (30, 30s, 2m), up to a day, not '{text}'");
        }

        return unit * count;
    }
}
