using System.Globalization;

namespace Coffer.S3.Xml;

public static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>S3 writes XML timestamps as ISO 8601 UTC with milliseconds: 2009-10-12T17:50:30.000Z.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>The format of <see cref="Timestamp"/>, for a UTC <see cref="DateTime"/>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
}
