using System.Data.Common;

namespace Coffer.Engine.Identity;

/// <summary>
/// How every metadata adapter stores the identity records in its iam_* tables: the principal kinds' stored names, the
/// columns each SELECT lists (in this order), and the records a row of them reads into. Times are unix milliseconds.
/// One place, so that SQLite and PostgreSQL cannot drift apart in what a stored value means.
/// </summary>
public static class IdentityColumns
{
    public const string Principal = "kind, name, id, path, created_at, trust_policy, max_session_seconds";

    public const string AccessKey = "access_key_id, user_name, sealed_secret, active, created_at";

    public const string ManagedPolicy = "arn, name, id, path, document, description, created_at";

    public static string KindName(PrincipalKind kind) => kind switch
    {
        PrincipalKind.User => "user",
        PrincipalKind.Group => "group",
        PrincipalKind.Role => "role",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static PrincipalKind ParseKind(string stored) => stored switch
    {
        "user" => PrincipalKind.User,
        "group" => PrincipalKind.Group,
        "role" => PrincipalKind.Role,
        _ => throw new InvalidDataException($"Unknown stored principal kind '{stored}'."),
    };

    /// <summary>A row of <see cref="Principal"/>'s columns.</summary>
    public static IamPrincipal ReadPrincipal(DbDataReader reader) => new()
    {
        Kind = ParseKind(reader.GetString(0)),
        Name = reader.GetString(1),
        Id = reader.GetString(2),
        Path = reader.GetString(3),
        Created = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        TrustPolicy = reader.IsDBNull(5) ? null : reader.GetString(5),
        MaxSessionSeconds = reader.IsDBNull(6) ? null : reader.GetInt32(6),
    };

    /// <summary>A row of <see cref="AccessKey"/>'s columns.</summary>
    public static StoredAccessKey ReadAccessKey(DbDataReader reader) => new()
    {
        AccessKeyId = reader.GetString(0),
        UserName = reader.GetString(1),
        SealedSecret = reader.GetFieldValue<byte[]>(2),
        Active = reader.GetBoolean(3),
        Created = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
    };

    /// <summary>A row of <see cref="ManagedPolicy"/>'s columns.</summary>
    public static ManagedPolicy ReadManagedPolicy(DbDataReader reader) => new()
    {
        Arn = reader.GetString(0),
        Name = reader.GetString(1),
        Id = reader.GetString(2),
        Path = reader.GetString(3),
        Document = reader.GetString(4),
        Description = reader.IsDBNull(5) ? null : reader.GetString(5),
        Created = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
    };
}
