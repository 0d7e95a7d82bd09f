using Coffer.Engine.Identity;

namespace Coffer.Iam.Policies;

/// <summary>
/// The three kinds that carry policies, with the parameter that names one: IAM spells the same
/// operations out once per kind (PutUserPolicy, PutGroupPolicy, PutRolePolicy…).
/// </summary>
internal static class PrincipalKinds
{
    public static IEnumerable<PrincipalKind> All => [PrincipalKind.User, PrincipalKind.Group, PrincipalKind.Role];

    /// <summary>"UserName", "GroupName", "RoleName".</summary>
    public static string NameParameter(this PrincipalKind kind) => kind + "Name";

    public static Task<string> ResourceAsync(this PrincipalKind kind, IamCall call) =>
        call.Services.ArnOfAsync(kind, call.Parameters.Optional(kind.NameParameter()), null, call.CancellationToken);
}
