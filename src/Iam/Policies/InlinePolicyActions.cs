using Coffer.Engine.Identity;
using Coffer.Iam.Xml;

namespace Coffer.Iam.Policies;

/// <summary>Put/Get/Delete{User,Group,Role}Policy and List{User,Group,Role}Policies: policies embedded in one principal.</summary>
internal static class InlinePolicyActions
{
    public static IEnumerable<IamAction> All => PrincipalKinds.All.SelectMany(For);

    private static IEnumerable<IamAction> For(PrincipalKind kind)
    {
        var nameParameter = kind.NameParameter();
        Task<string> Resource(IamCall call) => kind.ResourceAsync(call);

        yield return new($"Put{kind}Policy", Resource, async call =>
        {
            var p = call.Parameters;
            await call.Services.InlinePolicies.PutAsync(
                kind, p.Required(nameParameter), p.Required("PolicyName"), p.Required("PolicyDocument"), call.CancellationToken);
            return null;
        });
        yield return new($"Get{kind}Policy", Resource, async call =>
        {
            var policy = await call.Services.InlinePolicies.GetAsync(
                kind, call.Parameters.Required(nameParameter), call.Parameters.Required("PolicyName"), call.CancellationToken);
            return xml =>
            {
                xml.WriteElementString(nameParameter, policy.PrincipalName);
                xml.WriteElementString("PolicyName", policy.PolicyName);
                xml.WriteElementString("PolicyDocument", IamXml.EncodeDocument(policy.Document));
            };
        });
        yield return new($"Delete{kind}Policy", Resource, async call =>
        {
            await call.Services.InlinePolicies.DeleteAsync(
                kind, call.Parameters.Required(nameParameter), call.Parameters.Required("PolicyName"), call.CancellationToken);
            return null;
        });
        yield return new($"List{kind}Policies", Resource, async call =>
        {
            var page = await call.Services.InlinePolicies.ListAsync(kind, call.Parameters.Required(nameParameter), call.Page(), call.CancellationToken);
            return xml => IamXml.WritePage(xml, "PolicyNames", page, (x, name) => x.WriteElementString("member", name));
        });
    }
}
