using Coffer.Engine.Identity;

using static Coffer.Engine.Sqlite.RowCommands;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for the iam_* tables; <see cref="IdentityColumns"/> maps their rows.</summary>
internal static class IdentityRows
{
    private const string PrincipalColumns = IdentityColumns.Principal;

    private const string KeyColumns = IdentityColumns.AccessKey;

    private const string PolicyColumns = IdentityColumns.ManagedPolicy;

    // ---- Principals

    public static void InsertPrincipal(SqliteSession session, IamPrincipal principal)
    {
        var command = session.Command(
            $"INSERT INTO iam_principals ({PrincipalColumns}) VALUES ($kind, $name, $id, $path, $created_at, $trust_policy, $max_session_seconds);");
        var p = command.Parameters;
        p.AddWithValue("$kind", IdentityColumns.KindName(principal.Kind));
        p.AddWithValue("$name", principal.Name);
        p.AddWithValue("$id", principal.Id);
        p.AddWithValue("$path", principal.Path);
        p.AddWithValue("$created_at", principal.Created.ToUnixTimeMilliseconds());
        p.AddWithValue("$trust_policy", (object?)principal.TrustPolicy ?? DBNull.Value);
        p.AddWithValue("$max_session_seconds", (object?)principal.MaxSessionSeconds ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public static IamPrincipal? FindPrincipal(SqliteSession session, PrincipalKind kind, string name)
    {
        var command = session.Command($"SELECT {PrincipalColumns} FROM iam_principals WHERE kind = $kind AND name = $name;");
        command.Parameters.AddWithValue("$kind", IdentityColumns.KindName(kind));
        command.Parameters.AddWithValue("$name", name);
        return ReadAll(command, IdentityColumns.ReadPrincipal).FirstOrDefault();
    }

    public static bool PrincipalIdExists(SqliteSession session, string id)
    {
        var command = session.Command("SELECT EXISTS (SELECT 1 FROM iam_principals WHERE id = $id);");
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteBoolean();
    }

    public static List<IamPrincipal> ListPrincipals(SqliteSession session, PrincipalKind kind, string pathPrefix)
    {
        var command = session.Command(
            $"SELECT {PrincipalColumns} FROM iam_principals WHERE kind = $kind AND substr(path, 1, length($prefix)) = $prefix ORDER BY name;");
        command.Parameters.AddWithValue("$kind", IdentityColumns.KindName(kind));
        command.Parameters.AddWithValue("$prefix", pathPrefix);
        return ReadAll(command, IdentityColumns.ReadPrincipal);
    }

    public static void DeletePrincipal(SqliteSession session, PrincipalKind kind, string name) =>
        Execute(session, "DELETE FROM iam_principals WHERE kind = $kind AND name = $name;", ("$kind", IdentityColumns.KindName(kind)), ("$name", name));

    /// <summary>Whether anything still names the principal: keys, policies, attachments, memberships.</summary>
    public static bool HasDependents(SqliteSession session, PrincipalKind kind, string name)
    {
        var command = session.Command(
            "SELECT EXISTS (SELECT 1 FROM iam_inline_policies WHERE kind = $kind AND principal = $name) " +
            "OR EXISTS (SELECT 1 FROM iam_attachments WHERE kind = $kind AND principal = $name) " +
            "OR ($kind = 'user' AND EXISTS (SELECT 1 FROM iam_access_keys WHERE user_name = $name)) " +
            "OR ($kind = 'user' AND EXISTS (SELECT 1 FROM iam_group_members WHERE user_name = $name)) " +
            "OR ($kind = 'group' AND EXISTS (SELECT 1 FROM iam_group_members WHERE group_name = $name));");
        command.Parameters.AddWithValue("$kind", IdentityColumns.KindName(kind));
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteBoolean();
    }

    // ---- Access keys

    public static void InsertKey(SqliteSession session, StoredAccessKey key)
    {
        var command = session.Command(
            $"INSERT INTO iam_access_keys ({KeyColumns}) VALUES ($access_key_id, $user_name, $sealed_secret, $active, $created_at);");
        var p = command.Parameters;
        p.AddWithValue("$access_key_id", key.AccessKeyId);
        p.AddWithValue("$user_name", key.UserName);
        p.AddWithValue("$sealed_secret", key.SealedSecret);
        p.AddWithValue("$active", key.Active);
        p.AddWithValue("$created_at", key.Created.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public static StoredAccessKey? FindKey(SqliteSession session, string accessKeyId)
    {
        var command = session.Command($"SELECT {KeyColumns} FROM iam_access_keys WHERE access_key_id = $id;");
        command.Parameters.AddWithValue("$id", accessKeyId);
        return ReadAll(command, IdentityColumns.ReadAccessKey).FirstOrDefault();
    }

    public static List<StoredAccessKey> KeysOf(SqliteSession session, string userName)
    {
        var command = session.Command($"SELECT {KeyColumns} FROM iam_access_keys WHERE user_name = $user ORDER BY created_at, access_key_id;");
        command.Parameters.AddWithValue("$user", userName);
        return ReadAll(command, IdentityColumns.ReadAccessKey);
    }

    /// <summary>Changes the user's key; false when the user has no such key.</summary>
    public static bool SetKeyActive(SqliteSession session, string userName, string accessKeyId, bool active) =>
        Execute(
            session,
            "UPDATE iam_access_keys SET active = $active WHERE access_key_id = $id AND user_name = $user;",
            ("$active", active), ("$id", accessKeyId), ("$user", userName)) == 1;

    public static bool DeleteKey(SqliteSession session, string userName, string accessKeyId) =>
        Execute(session, "DELETE FROM iam_access_keys WHERE access_key_id = $id AND user_name = $user;", ("$id", accessKeyId), ("$user", userName)) == 1;

    // ---- Inline policies

    public static void UpsertInline(SqliteSession session, InlinePolicy policy) =>
        Execute(
            session,
            "INSERT INTO iam_inline_policies (kind, principal, policy_name, document) VALUES ($kind, $principal, $name, $document) " +
            "ON CONFLICT (kind, principal, policy_name) DO UPDATE SET document = excluded.document;",
            ("$kind", IdentityColumns.KindName(policy.Kind)), ("$principal", policy.PrincipalName), ("$name", policy.PolicyName), ("$document", policy.Document));

    public static InlinePolicy? FindInline(SqliteSession session, PrincipalKind kind, string principal, string policyName)
    {
        var command = session.Command(
            "SELECT principal, policy_name, document FROM iam_inline_policies WHERE kind = $kind AND principal = $principal AND policy_name = $name;");
        command.Parameters.AddWithValue("$kind", IdentityColumns.KindName(kind));
        command.Parameters.AddWithValue("$principal", principal);
        command.Parameters.AddWithValue("$name", policyName);
        return ReadAll(command, reader => new InlinePolicy(kind, reader.GetString(0), reader.GetString(1), reader.GetString(2))).FirstOrDefault();
    }

    public static List<string> InlineNames(SqliteSession session, PrincipalKind kind, string principal)
    {
        var command = session.Command("SELECT policy_name FROM iam_inline_policies WHERE kind = $kind AND principal = $principal ORDER BY policy_name;");
        command.Parameters.AddWithValue("$kind", IdentityColumns.KindName(kind));
        command.Parameters.AddWithValue("$principal", principal);
        return ReadAll(command, reader => reader.GetString(0));
    }

    public static bool DeleteInline(SqliteSession session, PrincipalKind kind, string principal, string policyName) =>
        Execute(
            session,
            "DELETE FROM iam_inline_policies WHERE kind = $kind AND principal = $principal AND policy_name = $name;",
            ("$kind", IdentityColumns.KindName(kind)), ("$principal", principal), ("$name", policyName)) == 1;

    // ---- Managed policies and attachments

    public static bool ManagedExists(SqliteSession session, string arn, string name)
    {
        var command = session.Command("SELECT EXISTS (SELECT 1 FROM iam_managed_policies WHERE arn = $arn OR name = $name);");
        command.Parameters.AddWithValue("$arn", arn);
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteBoolean();
    }

    public static void InsertManaged(SqliteSession session, ManagedPolicy policy) =>
        Execute(
            session,
            $"INSERT INTO iam_managed_policies ({PolicyColumns}) VALUES ($arn, $name, $id, $path, $document, $description, $created_at);",
            ("$arn", policy.Arn), ("$name", policy.Name), ("$id", policy.Id), ("$path", policy.Path), ("$document", policy.Document),
            ("$description", policy.Description), ("$created_at", policy.Created.ToUnixTimeMilliseconds()));

    public static ManagedPolicy? FindManaged(SqliteSession session, string arn)
    {
        var command = session.Command($"SELECT {PolicyColumns} FROM iam_managed_policies WHERE arn = $arn;");
        command.Parameters.AddWithValue("$arn", arn);
        return ReadAll(command, IdentityColumns.ReadManagedPolicy).FirstOrDefault();
    }

    public static List<ManagedPolicy> ListManaged(SqliteSession session, string pathPrefix)
    {
        var command = session.Command(
            $"SELECT {PolicyColumns} FROM iam_managed_policies WHERE substr(path, 1, length($prefix)) = $prefix ORDER BY name;");
        command.Parameters.AddWithValue("$prefix", pathPrefix);
        return ReadAll(command, IdentityColumns.ReadManagedPolicy);
    }

    public static bool IsAttachedAnywhere(SqliteSession session, string arn)
    {
        var command = session.Command("SELECT EXISTS (SELECT 1 FROM iam_attachments WHERE policy_arn = $arn);");
        command.Parameters.AddWithValue("$arn", arn);
        return command.ExecuteBoolean();
    }

    public static void DeleteManaged(SqliteSession session, string arn) =>
        Execute(session, "DELETE FROM iam_managed_policies WHERE arn = $arn;", ("$arn", arn));

    public static void Attach(SqliteSession session, PrincipalKind kind, string principal, string arn) =>
        Execute(
            session,
            "INSERT INTO iam_attachments (kind, principal, policy_arn) VALUES ($kind, $principal, $arn) ON CONFLICT DO NOTHING;",
            ("$kind", IdentityColumns.KindName(kind)), ("$principal", principal), ("$arn", arn));

    public static bool Detach(SqliteSession session, PrincipalKind kind, string principal, string arn) =>
        Execute(
            session,
            "DELETE FROM iam_attachments WHERE kind = $kind AND principal = $principal AND policy_arn = $arn;",
            ("$kind", IdentityColumns.KindName(kind)), ("$principal", principal), ("$arn", arn)) == 1;

    public static List<ManagedPolicy> AttachedTo(SqliteSession session, PrincipalKind kind, string principal)
    {
        var command = session.Command(
            "SELECT p.arn, p.name, p.id, p.path, p.document, p.description, p.created_at FROM iam_attachments a " +
            "JOIN iam_managed_policies p ON p.arn = a.policy_arn WHERE a.kind = $kind AND a.principal = $principal ORDER BY p.name;");
        command.Parameters.AddWithValue("$kind", IdentityColumns.KindName(kind));
        command.Parameters.AddWithValue("$principal", principal);
        return ReadAll(command, IdentityColumns.ReadManagedPolicy);
    }

    // ---- Groups

    public static void AddMember(SqliteSession session, string group, string user) =>
        Execute(
            session,
            "INSERT INTO iam_group_members (group_name, user_name) VALUES ($group, $user) ON CONFLICT DO NOTHING;",
            ("$group", group), ("$user", user));

    public static bool RemoveMember(SqliteSession session, string group, string user) =>
        Execute(session, "DELETE FROM iam_group_members WHERE group_name = $group AND user_name = $user;", ("$group", group), ("$user", user)) == 1;

    public static List<IamPrincipal> GroupsOf(SqliteSession session, string user) => Membership(session, "group", "user", user);

    public static List<IamPrincipal> MembersOf(SqliteSession session, string group) => Membership(session, "user", "group", group);

    /// <summary>
    /// The principals of kind <paramref name="wanted"/> on the other side of memberships of <paramref name="name"/>.
    /// The two kinds are literals of the two callers above, never input, so they may be spliced into the SQL.
    /// </summary>
    private static List<IamPrincipal> Membership(SqliteSession session, string wanted, string given, string name)
    {
        var command = session.Command(
            $"SELECT p.kind, p.name, p.id, p.path, p.created_at, p.trust_policy, p.max_session_seconds FROM iam_group_members m " +
            $"JOIN iam_principals p ON p.kind = '{wanted}' AND p.name = m.{wanted}_name WHERE m.{given}_name = $name ORDER BY p.name;");
        command.Parameters.AddWithValue("$name", name);
        return ReadAll(command, IdentityColumns.ReadPrincipal);
    }

    /// <summary>Inline and attached documents of one principal.</summary>
    public static IEnumerable<string> DocumentsOf(SqliteSession session, PrincipalKind kind, string principal)
    {
        var command = session.Command(
            "SELECT document FROM iam_inline_policies WHERE kind = $kind AND principal = $principal " +
            "UNION ALL SELECT p.document FROM iam_attachments a JOIN iam_managed_policies p ON p.arn = a.policy_arn " +
            "WHERE a.kind = $kind AND a.principal = $principal;");
        command.Parameters.AddWithValue("$kind", IdentityColumns.KindName(kind));
        command.Parameters.AddWithValue("$principal", principal);
        return ReadAll(command, reader => reader.GetString(0));
    }
}
