using Coffer.Engine.Ports;

namespace Coffer.Engine.Identity;

/// <summary>Policies embedded in one user, group or role: Put/Get/Delete/List{User,Group,Role}Policies.</summary>
public sealed class InlinePolicyEngine(IIdentityStore store, IPolicyChecker policies)
{
    public async Task PutAsync(PrincipalKind kind, string? principalName, string? policyName, string? document, CancellationToken cancellationToken)
    {
        var registry = Require(kind, principalName, policyName);
        RequireDocument(kind, principalName!, document);
        policies.CheckIdentityPolicy(document!);
        if (await store.PutInlinePolicyAsync(new InlinePolicy(kind, principalName!, policyName!, document!), cancellationToken) != IdentityStatus.Done)
        {
            throw registry.NotFound(principalName!);
        }
    }

    public async Task<InlinePolicy> GetAsync(PrincipalKind kind, string? principalName, string? policyName, CancellationToken cancellationToken)
    {
        var registry = Require(kind, principalName, policyName);
        return await store.GetInlinePolicyAsync(kind, principalName!, policyName!, cancellationToken)
            ?? throw await NotFoundAsync(registry, kind, principalName!, policyName!, cancellationToken);
    }

    public async Task DeleteAsync(PrincipalKind kind, string? principalName, string? policyName, CancellationToken cancellationToken)
    {
        var registry = Require(kind, principalName, policyName);
        if (await store.DeleteInlinePolicyAsync(kind, principalName!, policyName!, cancellationToken) != IdentityStatus.Done)
        {
            throw await NotFoundAsync(registry, kind, principalName!, policyName!, cancellationToken);
        }
    }

    public async Task<Page<string>> ListAsync(PrincipalKind kind, string? principalName, PageRequest page, CancellationToken cancellationToken)
    {
        IamNames.RequireName(principalName, NameParameter(kind));
        await new PrincipalRegistry(store, kind).RequireAsync(principalName!, cancellationToken);
        return Paging.Take(await store.ListInlinePolicyNamesAsync(kind, principalName!, cancellationToken), n => n, page);
    }

    /// <summary>IAM's quota for one principal's inline policies (per document here: a simplification).</summary>
    public static int MaxDocumentLength(PrincipalKind kind) => kind switch
    {
        PrincipalKind.User => 2048,
        PrincipalKind.Group => 5120,
        _ => 10240,
    };

    private PrincipalRegistry Require(PrincipalKind kind, string? principalName, string? policyName)
    {
        IamNames.RequireName(principalName, NameParameter(kind));
        IamNames.RequireName(policyName, "policyName", maxLength: 128);
        return new PrincipalRegistry(store, kind);
    }

    private static void RequireDocument(PrincipalKind kind, string principalName, string? document)
    {
        if (string.IsNullOrEmpty(document))
        {
            throw new IdentityException(IdentityError.ValidationError, "The specified value for policyDocument is invalid. It must not be empty.");
        }

        var max = MaxDocumentLength(kind);
        if (document.Length > max)
        {
            throw new IdentityException(IdentityError.LimitExceeded, $"Maximum policy size of {max} bytes exceeded for {Noun(kind)} {principalName}");
        }
    }

    // IAM names the missing principal when there is none, else the policy.
    private static async Task<IdentityException> NotFoundAsync(
        PrincipalRegistry registry, PrincipalKind kind, string principalName, string policyName, CancellationToken cancellationToken)
    {
        await registry.RequireAsync(principalName, cancellationToken);
        return new IdentityException(IdentityError.NoSuchEntity, $"The {Noun(kind)} policy with name {policyName} cannot be found.");
    }

    private static string NameParameter(PrincipalKind kind) => Noun(kind) + "Name";

    private static string Noun(PrincipalKind kind) => PrincipalRegistry.Noun(kind);
}
