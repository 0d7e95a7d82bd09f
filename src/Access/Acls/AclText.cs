using System.Text;

namespace Coffer.Access.Acls;

/// <summary>
/// The stored form of an ACL's grants: one line per grant, <c>PERMISSION id CANONICAL-ID</c> or
/// <c>PERMISSION uri GROUP-URI</c>. The owner is not part of it: it is the bucket's or the
/// object's owner, stored beside it. Neither ids nor group URIs contain spaces or line breaks.
/// </summary>
public static class AclText
{
    public static string Format(IEnumerable<AclGrant> grants)
    {
        var text = new StringBuilder();
        foreach (var grant in grants)
        {
            text.Append(AclPermissions.Name(grant.Permission))
                .Append(grant.Grantee.IsGroup ? " uri " : " id ")
                .Append(grant.Grantee.GroupUri ?? grant.Grantee.CanonicalId)
                .Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The ACL stored as <paramref name="stored"/>, owned by <paramref name="ownerId"/>; null stored text is the default ACL.</summary>
    /// <exception cref="FormatException">The text was not written by <see cref="Format"/>.</exception>
    public static AccessControlList Parse(string? stored, string ownerId)
    {
        if (stored is null)
        {
            return AccessControlList.Default(ownerId);
        }

        var grants = new List<AclGrant>();
        foreach (var line in stored.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !AclPermissions.TryParse(parts[0], out var permission))
            {
                throw new FormatException($"Not a stored ACL grant: '{line}'.");
            }

            var grantee = parts[1] switch
            {
                "id" => AclGrantee.User(parts[2]),
                "uri" when AclGrantee.TryGroup(parts[2], out var group) => group,
                _ => throw new FormatException($"Not a stored ACL grantee: '{line}'."),
            };
            grants.Add(new AclGrant(grantee, permission));
        }

        return new AccessControlList(ownerId, grants);
    }
}
