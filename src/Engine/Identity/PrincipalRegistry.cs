using Coffer.Engine.Ports;

namespace Coffer.Engine.Identity;

/// <summary>
/// What users, groups and roles share: creating one under a unique name, finding it, listing by
/// path prefix and deleting it once nothing depends on it, each refusal in IAM's words for that kind.
/// </summary>
internal sealed class PrincipalRegistry(IIdentityStore store, PrincipalKind kind)
{
    private readonly string _noun = Noun(kind);

    /// <summary>How IAM's messages name the kind: "user", "group", "role".</summary>
    public static string Noun(PrincipalKind kind) => kind switch
    {
        PrincipalKind.User => "user",
        PrincipalKind.Group => "group",
        _ => "role",
    };

    public async Task<IamPrincipal> CreateAsync(IamPrincipal principal, CancellationToken cancellationToken) =>
        await store.CreatePrincipalAsync(principal, cancellationToken) switch
        {
            IdentityStatus.Done => principal,
            _ => throw new IdentityException(
                IdentityError.EntityAlreadyExists, $"{char.ToUpperInvariant(_noun[0])}{_noun[1..]} with name {principal.Name} already exists."),
        };

    public async Task<IamPrincipal> GetAsync(string name, CancellationToken cancellationToken) =>
        await store.GetPrincipalAsync(kind, name, cancellationToken) ?? throw NotFound(name);

    public async Task<Page<IamPrincipal>> ListAsync(string? pathPrefix, PageRequest page, CancellationToken cancellationToken)
    {
        var prefix = IamNames.RequirePathPrefix(pathPrefix);
        return Paging.Take(await store.ListPrincipalsAsync(kind, prefix, cancellationToken), p => p.Name, page);
    }

    public async Task DeleteAsync(string name, string whatToRemoveFirst, CancellationToken cancellationToken)
    {
        switch (await store.DeletePrincipalAsync(kind, name, cancellationToken))
        {
            case IdentityStatus.Done:
                return;
            case IdentityStatus.Conflict:
                throw new IdentityException(IdentityError.DeleteConflict, $"Cannot delete entity, must {whatToRemoveFirst} first.");
            default:
                throw NotFound(name);
        }
    }

    /// <summary>Throws NoSuchEntity unless the principal exists; for reads whose store call cannot tell "none" from "no such".</summary>
    public async Task RequireAsync(string name, CancellationToken cancellationToken) => await GetAsync(name, cancellationToken);

    public IdentityException NotFound(string name) =>
        new(IdentityError.NoSuchEntity, $"The {_noun} with name {name} cannot be found.");
}
