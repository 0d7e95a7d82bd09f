using Coffer.Access.Acls;
using Coffer.S3.Errors;
using Coffer.S3.Http;

namespace Coffer.S3.Acls;

/// <summary>Turns a grantee as a client names it (in XML or a grant header) into one Coffer can store.</summary>
internal static class AclGrantees
{
    /// <summary>
    /// A canonical user must be one S3 knows, else InvalidArgument ("Invalid id"). Coffer knows
    /// one: its account, which root and every IAM user belong to.
    /// </summary>
    public static AclGrantee User(string? id)
    {
        var trimmed = id?.Trim();
        return trimmed == CanonicalUser.AccountId
            ? AclGrantee.User(trimmed)
            : throw new S3Exception(S3Error.InvalidArgument, "Invalid id", [new("ArgumentName", "CanonicalUser/ID"), new("ArgumentValue", trimmed ?? "")]);
    }

    /// <summary>A group URI other than S3's three is InvalidArgument.</summary>
    public static AclGrantee Group(string? uri)
    {
        var trimmed = uri?.Trim() ?? "";
        return AclGrantee.TryGroup(trimmed, out var group)
            ? group
            : throw new S3Exception(S3Error.InvalidArgument, "Invalid group uri", [new("ArgumentName", "Group/URI"), new("ArgumentValue", trimmed)]);
    }

    /// <summary>S3 resolves an e-mail address to an account; Coffer's one account has none, so every address is unresolvable.</summary>
    public static AclGrantee Email(string? address) =>
        throw new S3Exception(S3Error.UnresolvableGrantByEmailAddress, details: [new("EmailAddress", address?.Trim() ?? "")]);
}
