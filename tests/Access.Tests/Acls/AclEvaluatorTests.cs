using Coffer.Access.Acls;
using Coffer.Access.Evaluation;

namespace Coffer.Access.Tests.Acls;

/// <summary>Who may do what under which ACL, for a resource owned by <see cref="Owner"/>.</summary>
public class AclEvaluatorTests
{
    private const string Owner = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string Other = "2222222222222222222222222222222222222222222222222222222222222222";

    /// <summary>Grants ("" for none, else "PERMISSION grantee" separated by ';'), caller, permission needed, allowed?</summary>
    public static TheoryData<string, string, AclPermission, bool> Rows => new()
    {
        // The owner: FULL_CONTROL covers everything; READ_ACP and WRITE_ACP even with no grant at all.
        { "FULL_CONTROL owner", "owner", AclPermission.Read, true },
        { "FULL_CONTROL owner", "owner", AclPermission.Write, true },
        { "", "owner", AclPermission.ReadAcp, true },
        { "", "owner", AclPermission.WriteAcp, true },
        { "", "owner", AclPermission.Read, false },
        { "READ owner", "owner", AclPermission.Write, false },

        // Anonymous callers: only AllUsers grants speak to them.
        { "FULL_CONTROL owner", "anonymous", AclPermission.Read, false },
        { "READ all", "anonymous", AclPermission.Read, true },
        { "READ all", "anonymous", AclPermission.Write, false },
        { "WRITE all", "anonymous", AclPermission.Write, true },
        { "READ_ACP all", "anonymous", AclPermission.ReadAcp, true },
        { "WRITE_ACP all", "anonymous", AclPermission.WriteAcp, true },
        { "FULL_CONTROL all", "anonymous", AclPermission.WriteAcp, true },
        { "READ authenticated", "anonymous", AclPermission.Read, false },
        { "READ logdelivery", "anonymous", AclPermission.Read, false },

        // Another signed caller: AllUsers, AuthenticatedUsers, or a grant naming it.
        { "READ authenticated", "other", AclPermission.Read, true },
        { "READ all", "other", AclPermission.Read, true },
        { "READ other", "other", AclPermission.Read, true },
        { "READ other", "other", AclPermission.ReadAcp, false },
        { "FULL_CONTROL other", "other", AclPermission.WriteAcp, true },
        { "READ owner", "other", AclPermission.Read, false },
        { "WRITE logdelivery", "other", AclPermission.Write, false },
        { "", "other", AclPermission.ReadAcp, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_Table_FollowsS3AclRules(string grants, string caller, AclPermission needed, bool allowed)
    {
        var acl = new AccessControlList(Owner, [.. Grants(grants)]);

        var decision = AclEvaluator.Decide(acl, CallerOf(caller), needed);

        Assert.Equal(allowed ? AclDecision.Allow : AclDecision.None, decision);
    }

    [Theory]
    [InlineData("READ all", "anonymous")]
    [InlineData("READ authenticated", "other")]
    [InlineData("FULL_CONTROL all", "other")]
    public void Decide_IgnoringPublicGrants_PublicGrantsAllowNothing(string grants, string caller)
    {
        var acl = new AccessControlList(Owner, [.. Grants(grants)]);

        Assert.Equal(AclDecision.None, AclEvaluator.Decide(acl, CallerOf(caller), AclPermission.Read, ignorePublicGrants: true));
    }

    [Fact]
    public void Decide_IgnoringPublicGrants_GrantToAUserStillAllows()
    {
        var acl = new AccessControlList(Owner, [.. Grants("READ other")]);

        Assert.Equal(AclDecision.Allow, AclEvaluator.Decide(acl, AclCaller.Authenticated(Other), AclPermission.Read, ignorePublicGrants: true));
    }

    [Theory]
    [InlineData("READ all", true)]
    [InlineData("WRITE authenticated", true)]
    [InlineData("FULL_CONTROL owner", false)]
    [InlineData("WRITE logdelivery", false)]
    [InlineData("READ other", false)]
    public void IsPublic_GrantToAllOrAuthenticatedUsers_IsPublic(string grants, bool isPublic)
    {
        Assert.Equal(isPublic, new AccessControlList(Owner, [.. Grants(grants)]).IsPublic);
    }

    internal static IEnumerable<AclGrant> Grants(string text)
    {
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(' ');
            Assert.True(AclPermissions.TryParse(parts[0], out var permission));
            var grantee = parts[1] switch
            {
                "owner" => AclGrantee.User(Owner),
                "other" => AclGrantee.User(Other),
                "all" => AclGrantee.AllUsers,
                "authenticated" => AclGrantee.AuthenticatedUsers,
                "logdelivery" => AclGrantee.LogDelivery,
                _ => throw new ArgumentException(entry),
            };
            yield return new AclGrant(grantee, permission);
        }
    }

    private static AclCaller CallerOf(string name) => name switch
    {
        "owner" => AclCaller.Authenticated(Owner),
        "other" => AclCaller.Authenticated(Other),
        _ => AclCaller.Anonymous,
    };
}
