using System.Globalization;

namespace Coffer.S3.Auth;

/// <summary>The date formats of the signing protocols.</summary>
internal static class AmzDate
{
    /// <summary>SigV4's ISO 8601 basic format, as in <c>X-Amz-Date: 20130524T000000Z</c>.</summary>
    public const string BasicFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public static bool TryParseBasic(string? text, out DateTimeOffset value)
    {
        return DateTimeOffset.TryParseExact(text, BasicFormat, CultureInfo.InvariantCulture, Utc, out value);
    }

    /// <summary>
    /// Accepts what clients put in <c>Date</c> and in SigV2's <c>x-amz-date</c>: RFC 1123 with "GMT" or a
    /// numeric offset ("+0000", as the SigV2 examples use), and, for SigV4 clients, the basic format.
    /// </summary>
    public static bool TryParseAny(string? text, out DateTimeOffset value)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            value = default;
            return false;
        }

        var parsed = TryParseBasic(text, out value)
            || DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, Utc, out value)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out value)
            || TryParseIgnoringWeekday(text, out value);

        // S3 refuses a date before the Unix epoch as no date at all (AccessDenied), rather than as skew.
        return parsed && value >= DateTimeOffset.UnixEpoch;
    }

    /// <summary>
    /// "Tue, 07 Jul 2010 21:53:04 GMT" names the wrong weekday (it was a Wednesday); .NET refuses
    /// such a date while S3 reads the rest of it (and then answers RequestTimeTooSkewed, not a
    /// parse error), so the weekday is dropped and the date parsed again.
    /// </summary>
    private static bool TryParseIgnoringWeekday(string text, out DateTimeOffset value)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        value = default;
        return comma is > 0 and < 10
            && DateTimeOffset.TryParseExact(text[(comma + 1)..].Trim(), "dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, Utc, out value);
    }

    public static string FormatBasic(DateTimeOffset value)
    {
        return value.UtcDateTime.ToString(BasicFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>The extended ISO 8601 form S3 uses for times in error documents (ServerTime, Expires).</summary>
    public static string FormatIso(DateTimeOffset value)
    {
        return value.UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture);
    }
}
