using Coffer.Engine.Identity;
using Coffer.Iam.Query;
using Coffer.Iam.Xml;

namespace Coffer.Iam.Policies;

/// <summary>CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicies, DeletePolicy.</summary>
internal static class ManagedPolicyActions
{
    public static IEnumerable<IamAction> All =>
    [
        new("CreatePolicy", NewPolicyResource, async call =>
        {
            var p = call.Parameters;
            var policy = await call.Services.ManagedPolicies.CreatePolicyAsync(
                p.Required("PolicyName"), p.Optional("Path"), p.Required("PolicyDocument"), p.Optional("Description"), call.CancellationToken);
            return xml => IamXml.WriteManagedPolicy(xml, "Policy", policy);
        }),
        new("GetPolicy", PolicyResource, async call =>
        {
            var policy = await call.Services.ManagedPolicies.GetPolicyAsync(call.Parameters.Required("PolicyArn"), call.CancellationToken);
            return xml => IamXml.WriteManagedPolicy(xml, "Policy", policy);
        }),

        // The only way to read a managed policy's document back; aws iam get-policy-version needs it.
        new("GetPolicyVersion", PolicyResource, async call =>
        {
            var policy = await call.Services.ManagedPolicies.GetPolicyVersionAsync(
                call.Parameters.Required("PolicyArn"), call.Parameters.Required("VersionId"), call.CancellationToken);
            return xml =>
            {
                xml.WriteStartElement("PolicyVersion");
                xml.WriteElementString("Document", IamXml.EncodeDocument(policy.Document));
                xml.WriteElementString("VersionId", ManagedPolicyEngine.DefaultVersionId);
                xml.WriteElementString("IsDefaultVersion", "true");
                xml.WriteElementString("CreateDate", QueryXml.Timestamp(policy.Created));
                xml.WriteEndElement();
            };
        }),
        new("ListPolicies", IamAction.AnyResource, async call =>
        {
            var scope = call.Parameters.Optional("Scope") switch
            {
                null or "All" => PolicyScope.All,
                "AWS" => PolicyScope.AWS,
                "Local" => PolicyScope.Local,
                var other => throw QueryException.ValidationError(
                    $"1 validation error detected: Value '{other}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]"),
            };

            var page = await call.Services.ManagedPolicies.ListPoliciesAsync(
                call.Parameters.Optional("PathPrefix"), scope, call.Page(), call.CancellationToken);

            return xml => IamXml.WritePage(xml, "Policies", page, (x, policy) => IamXml.WriteManagedPolicy(x, "member", policy));
        }),
        new("DeletePolicy", PolicyResource, async call =>
        {
            await call.Services.ManagedPolicies.DeletePolicyAsync(call.Parameters.Required("PolicyArn"), call.CancellationToken);
            return null;
        }),
    ];

    private static Task<string> PolicyResource(IamCall call) => Task.FromResult(call.Parameters.Optional("PolicyArn") ?? "*");

    private static Task<string> NewPolicyResource(IamCall call) =>
        Task.FromResult(call.Services.Arns.OfPolicy(call.Parameters.Optional("Path") ?? "/", call.Parameters.Optional("PolicyName") ?? ""));
}
