using System.Security.Cryptography;
using System.Text;

namespace Coffer.S3.Http;

/// <summary>
/// The owner of buckets and objects as S3 shows it: a 64-hex-digit canonical id (stable, derived
/// from the principal name) and a display name.
/// </summary>
public static class CanonicalUser
{
    public static string IdOf(string principal) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("coffer-canonical-user:" + principal)));
}
