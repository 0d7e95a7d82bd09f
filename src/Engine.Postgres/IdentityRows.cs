using Coffer.Engine.Identity;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The SQL for the iam_* tables; <see cref="IdentityColumns"/> maps their rows. Every name is compared and ordered
/// folded (<see cref="Folded"/>), as the unique indexes on the folded names compare them.
/// </summary>
internal static class IdentityRows
{
    private const string PrincipalColumns = IdentityColumns.Principal;

    private const string KeyColumns = IdentityColumns.AccessKey;

    private const string PolicyColumns = IdentityColumns.ManagedPolicy;

    // ---- Principals

    /// <returns>False when a principal of that kind and folded name, or of that id, exists.</returns>
    public static async Task<bool> InsertPrincipalAsync(PostgresSession session, IamPrincipal principal, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"INSERT INTO iam_principals ({PrincipalColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            [
                IdentityColumns.KindName(principal.Kind), principal.Name, principal.Id, principal.Path,
                principal.Created.ToUnixTimeMilliseconds(), principal.TrustPolicy, principal.MaxSessionSeconds,
            ],
            cancellationToken) == 1;

    public static Task<IamPrincipal?> FindPrincipalAsync(PostgresSession session, PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        session.ReadFirstAsync(
            $"SELECT {PrincipalColumns} FROM iam_principals WHERE kind = $1 AND {Folded("name")} = {Folded("$2")}",
            [IdentityColumns.KindName(kind), name],
            IdentityColumns.ReadPrincipal,
            cancellationToken);

    public static Task<List<IamPrincipal>> ListPrincipalsAsync(PostgresSession session, PrincipalKind kind, string pathPrefix, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"SELECT {PrincipalColumns} FROM iam_principals WHERE kind = $1 AND {PathStartsWith("$2")} ORDER BY {Folded("name")}",
            [IdentityColumns.KindName(kind), pathPrefix],
            IdentityColumns.ReadPrincipal,
            cancellationToken);

    public static Task<int> DeletePrincipalAsync(PostgresSession session, PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            $"DELETE FROM iam_principals WHERE kind = $1 AND {Folded("name")} = {Folded("$2")}", [IdentityColumns.KindName(kind), name], cancellationToken);

    /// <summary>Whether anything still names the principal: keys, policies, attachments, memberships.</summary>
    public static Task<bool> HasDependentsAsync(PostgresSession session, PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        session.ScalarAsync<bool>(
            $"""
            SELECT EXISTS (SELECT 1 FROM iam_inline_policies WHERE kind = $1 AND {Folded("principal")} = {Folded("$2")})
                OR EXISTS (SELECT 1 FROM iam_attachments WHERE kind = $1 AND {Folded("principal")} = {Folded("$2")})
                OR ($1 = 'user' AND EXISTS (SELECT 1 FROM iam_access_keys WHERE {Folded("user_name")} = {Folded("$2")}))
                OR ($1 = 'user' AND EXISTS (SELECT 1 FROM iam_group_members WHERE {Folded("user_name")} = {Folded("$2")}))
                OR ($1 = 'group' AND EXISTS (SELECT 1 FROM iam_group_members WHERE {Folded("group_name")} = {Folded("$2")}))
            """,
            [IdentityColumns.KindName(kind), name],
            cancellationToken);

    // ---- Access keys

    public static Task<int> InsertKeyAsync(PostgresSession session, StoredAccessKey key, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            $"INSERT INTO iam_access_keys ({KeyColumns}) VALUES ($1, $2, $3, $4, $5)",
            [key.AccessKeyId, key.UserName, key.SealedSecret, key.Active, key.Created.ToUnixTimeMilliseconds()],
            cancellationToken);

    public static Task<StoredAccessKey?> FindKeyAsync(PostgresSession session, string accessKeyId, CancellationToken cancellationToken) =>
        session.ReadFirstAsync(
            $"SELECT {KeyColumns} FROM iam_access_keys WHERE access_key_id = $1", [accessKeyId], IdentityColumns.ReadAccessKey, cancellationToken);

    public static Task<List<StoredAccessKey>> KeysOfAsync(PostgresSession session, string userName, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"SELECT {KeyColumns} FROM iam_access_keys WHERE {Folded("user_name")} = {Folded("$1")} ORDER BY created_at, access_key_id",
            [userName],
            IdentityColumns.ReadAccessKey,
            cancellationToken);

    /// <summary>Changes the user's key; false when the user has no such key.</summary>
    public static async Task<bool> SetKeyActiveAsync(PostgresSession session, string userName, string accessKeyId, bool active, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"UPDATE iam_access_keys SET active = $1 WHERE access_key_id = $2 AND {Folded("user_name")} = {Folded("$3")}",
            [active, accessKeyId, userName],
            cancellationToken) == 1;

    public static async Task<bool> DeleteKeyAsync(PostgresSession session, string userName, string accessKeyId, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"DELETE FROM iam_access_keys WHERE access_key_id = $1 AND {Folded("user_name")} = {Folded("$2")}",
            [accessKeyId, userName],
            cancellationToken) == 1;

    // ---- Inline policies

    /// <summary>Replaces the document of the policy of that folded name, or adds the policy; in a transaction.</summary>
    public static async Task UpsertInlineAsync(PostgresSession session, InlinePolicy policy, CancellationToken cancellationToken)
    {
        // Update, then insert if there was nothing to update, rather than ON CONFLICT on the folded index: not every
        // PostgreSQL-compatible database infers an expression index as the conflict's arbiter.
        object?[] values = [IdentityColumns.KindName(policy.Kind), policy.PrincipalName, policy.PolicyName, policy.Document];
        var updated = await session.ExecuteAsync(
            $"UPDATE iam_inline_policies SET document = $4 WHERE kind = $1 AND {Folded("principal")} = {Folded("$2")} AND {Folded("policy_name")} = {Folded("$3")}",
            values,
            cancellationToken);
        if (updated == 0)
        {
            await session.ExecuteAsync(
                "INSERT INTO iam_inline_policies (kind, principal, policy_name, document) VALUES ($1, $2, $3, $4)", values, cancellationToken);
        }
    }

    public static Task<InlinePolicy?> FindInlineAsync(PostgresSession session, PrincipalKind kind, string principal, string policyName, CancellationToken cancellationToken) =>
        session.ReadFirstAsync(
            $"SELECT principal, policy_name, document FROM iam_inline_policies " +
            $"WHERE kind = $1 AND {Folded("principal")} = {Folded("$2")} AND {Folded("policy_name")} = {Folded("$3")}",
            [IdentityColumns.KindName(kind), principal, policyName],
            reader => new InlinePolicy(kind, reader.GetString(0), reader.GetString(1), reader.GetString(2)),
            cancellationToken);

    public static Task<List<string>> InlineNamesAsync(PostgresSession session, PrincipalKind kind, string principal, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"SELECT policy_name FROM iam_inline_policies WHERE kind = $1 AND {Folded("principal")} = {Folded("$2")} ORDER BY {Folded("policy_name")}",
            [IdentityColumns.KindName(kind), principal],
            reader => reader.GetString(0),
            cancellationToken);

    public static async Task<bool> DeleteInlineAsync(PostgresSession session, PrincipalKind kind, string principal, string policyName, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"DELETE FROM iam_inline_policies WHERE kind = $1 AND {Folded("principal")} = {Folded("$2")} AND {Folded("policy_name")} = {Folded("$3")}",
            [IdentityColumns.KindName(kind), principal, policyName],
            cancellationToken) == 1;

    // ---- Managed policies and attachments

    /// <returns>False when a policy of that ARN or folded name exists.</returns>
    public static async Task<bool> InsertManagedAsync(PostgresSession session, ManagedPolicy policy, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"INSERT INTO iam_managed_policies ({PolicyColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            [policy.Arn, policy.Name, policy.Id, policy.Path, policy.Document, policy.Description, policy.Created.ToUnixTimeMilliseconds()],
            cancellationToken) == 1;

    public static Task<ManagedPolicy?> FindManagedAsync(PostgresSession session, string arn, CancellationToken cancellationToken) =>
        session.ReadFirstAsync(
            $"SELECT {PolicyColumns} FROM iam_managed_policies WHERE arn = $1", [arn], IdentityColumns.ReadManagedPolicy, cancellationToken);

    public static Task<List<ManagedPolicy>> ListManagedAsync(PostgresSession session, string pathPrefix, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"SELECT {PolicyColumns} FROM iam_managed_policies WHERE {PathStartsWith("$1")} ORDER BY {Folded("name")}",
            [pathPrefix],
            IdentityColumns.ReadManagedPolicy,
            cancellationToken);

    public static Task<bool> IsAttachedAnywhereAsync(PostgresSession session, string arn, CancellationToken cancellationToken) =>
        session.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM iam_attachments WHERE policy_arn = $1)", [arn], cancellationToken);

    public static Task<int> DeleteManagedAsync(PostgresSession session, string arn, CancellationToken cancellationToken) =>
        session.ExecuteAsync("DELETE FROM iam_managed_policies WHERE arn = $1", [arn], cancellationToken);

    /// <summary>Attaches once: attaching again, under the principal's name in any case, changes nothing.</summary>
    public static Task<int> AttachAsync(PostgresSession session, PrincipalKind kind, string principal, string arn, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "INSERT INTO iam_attachments (kind, principal, policy_arn) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            [IdentityColumns.KindName(kind), principal, arn],
            cancellationToken);

    public static async Task<bool> DetachAsync(PostgresSession session, PrincipalKind kind, string principal, string arn, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"DELETE FROM iam_attachments WHERE kind = $1 AND {Folded("principal")} = {Folded("$2")} AND policy_arn = $3",
            [IdentityColumns.KindName(kind), principal, arn],
            cancellationToken) == 1;

    public static Task<List<ManagedPolicy>> AttachedToAsync(PostgresSession session, PrincipalKind kind, string principal, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            "SELECT p.arn, p.name, p.id, p.path, p.document, p.description, p.created_at FROM iam_attachments a " +
            $"JOIN iam_managed_policies p ON p.arn = a.policy_arn WHERE a.kind = $1 AND {Folded("a.principal")} = {Folded("$2")} ORDER BY {Folded("p.name")}",
            [IdentityColumns.KindName(kind), principal],
            IdentityColumns.ReadManagedPolicy,
            cancellationToken);

    // ---- Groups

    /// <summary>Adds once: adding again, under either name in any case, changes nothing.</summary>
    public static Task<int> AddMemberAsync(PostgresSession session, string group, string user, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "INSERT INTO iam_group_members (group_name, user_name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [group, user], cancellationToken);

    public static async Task<bool> RemoveMemberAsync(PostgresSession session, string group, string user, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            $"DELETE FROM iam_group_members WHERE {Folded("group_name")} = {Folded("$1")} AND {Folded("user_name")} = {Folded("$2")}",
            [group, user],
            cancellationToken) == 1;

    public static Task<List<IamPrincipal>> GroupsOfAsync(PostgresSession session, string user, CancellationToken cancellationToken) =>
        MembershipAsync(session, "group", "user", user, cancellationToken);

    public static Task<List<IamPrincipal>> MembersOfAsync(PostgresSession session, string group, CancellationToken cancellationToken) =>
        MembershipAsync(session, "user", "group", group, cancellationToken);

    /// <summary>
    /// Every policy document that applies to a principal, in one statement (one snapshot): its inline and attached
    /// policies and, for a user, those of each group it is a member of.
    /// </summary>
    public static Task<List<string>> DocumentsForAsync(PostgresSession session, PrincipalKind kind, string name, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            $"""
            WITH holders (kind, name) AS (
                SELECT $1::text, $2::text
                UNION ALL SELECT 'group', m.group_name FROM iam_group_members m WHERE $1 = 'user' AND {Folded("m.user_name")} = {Folded("$2")}
            )
            SELECT i.document FROM holders h
                JOIN iam_inline_policies i ON i.kind = h.kind AND {Folded("i.principal")} = {Folded("h.name")}
            UNION ALL
            SELECT p.document FROM holders h
                JOIN iam_attachments a ON a.kind = h.kind AND {Folded("a.principal")} = {Folded("h.name")}
                JOIN iam_managed_policies p ON p.arn = a.policy_arn
            """,
            [IdentityColumns.KindName(kind), name],
            reader => reader.GetString(0),
            cancellationToken);

    /// <summary>
    /// The principals of kind <paramref name="wanted"/> on the other side of memberships of <paramref name="name"/>.
    /// The two kinds are literals of the two callers above, never input, so they may be spliced into the SQL.
    /// </summary>
    private static Task<List<IamPrincipal>> MembershipAsync(PostgresSession session, string wanted, string given, string name, CancellationToken cancellationToken) =>
        session.ReadAllAsync(
            "SELECT p.kind, p.name, p.id, p.path, p.created_at, p.trust_policy, p.max_session_seconds FROM iam_group_members m " +
            $"JOIN iam_principals p ON p.kind = '{wanted}' AND {Folded("p.name")} = {Folded($"m.{wanted}_name")} " +
            $"WHERE {Folded($"m.{given}_name")} = {Folded("$1")} ORDER BY {Folded("p.name")}",
            [name],
            IdentityColumns.ReadPrincipal,
            cancellationToken);

    // A path prefix is compared by its characters (paths are printable ASCII); substr rather than LIKE, which would read
    // '_' and '%' in a prefix as patterns.
    private static string PathStartsWith(string prefix) => $"substr(path, 1, length({prefix})) = {prefix}";

    /// <summary>
    /// An IAM name folded for comparison: lower-cased under the "C" collation, which folds A-Z and nothing else. Under
    /// the database's default collation (a locale) lower() would fold non-ASCII letters too, so that a name a request
    /// spells with, say, a Kelvin sign would match a stored ASCII one; IAM names are ASCII, and only A-Z may fold.
    /// </summary>
    private static string Folded(string sql) => $"lower({sql} COLLATE \"C\")";
}
