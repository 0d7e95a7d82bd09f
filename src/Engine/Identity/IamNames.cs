using System.Security.Cryptography;

namespace Coffer.Engine.Identity;

/// <summary>
/// IAM's rules for names and paths, and the shapes of the ids it hands out: user, group, role and
/// policy names of up to 64 (roles) or 128 (policies) characters from <c>[A-Za-z0-9+=,.@_-]</c>;
/// paths that start and end with "/" (at most 512 printable ASCII characters); unique ids of a
/// four-letter kind prefix and 17 base-32 characters; access key ids of "AKIA" and 16.
/// </summary>
public static class IamNames
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static void RequireName(string? name, string what, int maxLength = 64)
    {
        if (string.IsNullOrEmpty(name) || name.Length > maxLength || !name.All(IsNameCharacter))
        {
            throw new IdentityException(
                IdentityError.ValidationError,
                $"The specified value for {what} is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_- and be 1 to {maxLength} characters long.");
        }
    }

    /// <summary>The path, "/" when none is given.</summary>
    public static string RequirePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        if (path.Length > 512 || path[0] != '/' || path[^1] != '/' || path.Any(c => c is < '!' or > '~'))
        {
            throw new IdentityException(
                IdentityError.ValidationError,
                "The specified value for path is invalid. It must begin and end with / and contain only printable ASCII characters.");
        }

        return path;
    }

    /// <summary>
    /// A listing's PathPrefix, "/" when none is given. It need not end with "/"
    /// ("/division_abc/team" filters by its start) but must begin with one.
    /// </summary>
    public static string RequirePathPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return "/";
        }

        if (prefix.Length > 512 || prefix[0] != '/' || prefix.Any(c => c is < '!' or > '\u007f'))
        {
            throw new IdentityException(
                IdentityError.ValidationError,
                "The specified value for pathPrefix is invalid. It must begin with / and contain only printable ASCII characters.");
        }

        return prefix;
    }

    /// <summary>A unique id as IAM forms them: AIDA (user), AGPA (group), AROA (role), ANPA (policy), then 17 characters.</summary>
    public static string NewId(string prefix) => prefix + Random(IdAlphabet, 17);

    public static string NewAccessKeyId() => "AKIA" + Random(IdAlphabet, 16);

    /// <summary>A temporary key id from STS: "ASIA" and 16, as AWS marks them.</summary>
    public static string NewTemporaryAccessKeyId() => "ASIA" + Random(IdAlphabet, 16);

    public static string NewSecret() => Random(SecretAlphabet, 40);

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '_' or '-';

    private static string Random(string alphabet, int length) =>
        string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
}
