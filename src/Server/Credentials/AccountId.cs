using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Coffer.Server.Hosting;

namespace Coffer.Server.Credentials;

/// <summary>
/// The one AWS-style account a Coffer deployment is: a 12-digit id, random on first start and
/// kept in <c>&lt;data&gt;/account-id</c>, that names users, groups, roles and policies in their
/// ARNs (<c>arn:aws:iam::123456789012:user/alice</c>). It must never change, or every stored
/// policy that names an ARN would stop matching, hence a file of its own rather than a value
/// derived from the root key, which an operator may rotate.
/// </summary>
public static class AccountId
{
    public const string FileName = "account-id";

    public static string Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            // A leading non-zero digit, then eleven more: always twelve digits, like AWS's.
            var generated = RandomNumberGenerator.GetInt32(1, 10).ToString(CultureInfo.InvariantCulture)
                + RandomNumberGenerator.GetString("0123456789", 11);
            try
            {
                PrivateFile.Create(path, Encoding.ASCII.GetBytes(generated));
                return generated;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }

        var stored = File.ReadAllText(path).Trim();
        return stored.Length == 12 && stored.All(char.IsAsciiDigit)
            ? stored
            : throw new InvalidDataException($"{path} must hold a 12-digit account id.");
    }
}
