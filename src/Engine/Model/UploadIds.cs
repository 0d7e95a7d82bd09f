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
    public static string New(DateTimeOffset now) =>
        now.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture)
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
