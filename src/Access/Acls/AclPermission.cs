namespace Coffer.Access.Acls;

/// <summary>What an ACL grant allows, as S3 names it (READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL).</summary>
public enum AclPermission
{
    /// <summary>On a bucket: list it. On an object: read its content and metadata.</summary>
    Read,

    /// <summary>On a bucket: create, overwrite and delete its objects. Meaningless on an object.</summary>
    Write,

    /// <summary>Read the ACL itself.</summary>
    ReadAcp,

    /// <summary>Replace the ACL itself.</summary>
    WriteAcp,

    /// <summary>All four of the above.</summary>
    FullControl,
}

/// <summary>The wire names of <see cref="AclPermission"/>.</summary>
public static class AclPermissions
{
    public static string Name(AclPermission permission) => permission switch
    {
        AclPermission.Read => "READ",
        AclPermission.Write => "WRITE",
        AclPermission.ReadAcp => "READ_ACP",
        AclPermission.WriteAcp => "WRITE_ACP",
        AclPermission.FullControl => "FULL_CONTROL",
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, null),
    };

    /// <summary>Case-sensitive, as S3 reads them: "read" is not a permission.</summary>
    public static bool TryParse(string? name, out AclPermission permission)
    {
        (var known, permission) = name switch
        {
            "READ" => (true, AclPermission.Read),
            "WRITE" => (true, AclPermission.Write),
            "READ_ACP" => (true, AclPermission.ReadAcp),
            "WRITE_ACP" => (true, AclPermission.WriteAcp),
            "FULL_CONTROL" => (true, AclPermission.FullControl),
            _ => (false, AclPermission.Read),
        };
        return known;
    }
}
