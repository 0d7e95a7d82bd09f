using Coffer.Engine.Identity;
using Coffer.Iam.Xml;

namespace Coffer.Iam.Policies;

/// <summary>Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies.</summary>
internal static class AttachedPolicyActions
{
    public static IEnumerable<IamAction> All => PrincipalKinds.All.SelectMany(For);

    private static IEnumerable<IamAction> For(PrincipalKind kind)
    {
        var nameParameter = kind.NameParameter();
        Task<string> Resource(IamCall call) => kind.ResourceAsync(call);

        yield return new($"Attach{kind}Policy", Resource, async call =>
        {
            await call.Services.ManagedPolicies.AttachAsync(
                kind, call.Parameters.Required(nameParameter), call.Parameters.Required("PolicyArn"), call.CancellationToken);
            return null;
        });
        yield return new($"Detach{kind}Policy", Resource, async call =>
        {
            await call.Services.ManagedPolicies.DetachAsync(
                kind, call.Parameters.Required(nameParameter), call.Parameters.Required("PolicyArn"), call.CancellationToken);
            return null;
        });
        yield return new($"ListAttached{kind}Policies", Resource, async call =>
        {
            var page = await call.Services.ManagedPolicies.ListAttachedAsync(
                kind, call.Parameters.Required(nameParameter), call.Parameters.Optional("PathPrefix"), call.Page(), call.CancellationToken);
            return xml => IamXml.WritePage(xml, "AttachedPolicies", page, (x, policy) =>
            {
                x.WriteStartElement("member");
                x.WriteElementString("PolicyName", policy.Name);
                x.WriteElementString("PolicyArn", policy.Arn);
                x.WriteEndElement();
            });
        });
    }
}
