using System.Globalization;

namespace Coffer.S3.Http;

public static class HttpDates
{
    /// <summary>RFC 1123, as Last-Modified and Date are sent: "Wed, 12 Oct 2009 17:50:00 GMT".</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>Parses the HTTP date forms (RFC 1123, RFC 850, asctime) and ISO 8601; null when unparseable.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] formats = ["r", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", "yyyyMMdd'T'HHmmss'Z'"];
        return DateTimeOffset.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var parsed)
            ? parsed
            : null;
    }
}
