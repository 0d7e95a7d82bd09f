using System.Security.Cryptography;
using System.Text;

namespace Coffer.S3.Http;

/// <summary>
/// The owner of buckets and objects as S3 shows it: a 64-hex-digit canonical id (stable, derived
/// from the principal name) and a display name.
/// </summary>
public static class CanonicalUser
{
    /// <summary>
    /// The display name of Coffer's one account, and the principal its canonical id is made from.
    /// Root and every IAM user are in that account, so everything they create is owned by it, as
    /// in S3, where an IAM user's objects belong to the user's account.
    /// </summary>
    public const string AccountDisplayName = "root";

    /// <summary>The canonical id of Coffer's one account: the owner of every bucket and object.</summary>
    public static readonly string AccountId = IdOf(AccountDisplayName);

    public static string IdOf(string principal) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("coffer-canonical-user:" + principal)));
}
