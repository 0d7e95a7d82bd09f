using System.Globalization;
using System.Security.Cryptography;

namespace Coffer.Engine.Model;

/// <summary>
/// Upload ids: the creation time in milliseconds as 12 hex digits, then 32 random hex digits.
/// ListMultipartUploads orders the uploads of one key by id, and S3 orders them by creation
/// time; leading with the time makes the two orders the same.
/// </summary>
public static class UploadIds
{
    /// <summary>
    /// True when <paramref name="id"/> has the shape every id <see cref="New"/> made has (44 lower-case hex digits), so
    /// that an id no upload can have is answered NoSuchUpload before any store is asked: a store may not even be able to
    /// hold the characters of a hostile one (PostgreSQL's text has no NUL).
    /// </summary>
    public static bool IsWellFormed(string id) => id.Length == 44 && id.All(char.IsAsciiHexDigitLower);

    public static string New(DateTimeOffset now) =>
        now.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture)
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
