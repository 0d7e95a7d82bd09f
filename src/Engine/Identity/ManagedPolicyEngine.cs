using Coffer.Engine.Ports;

namespace Coffer.Engine.Identity;

/// <summary>Which managed policies ListPolicies lists: the account's own, AWS's, or both.</summary>
public enum PolicyScope
{
    All,
    AWS,
    Local,
}

/// <summary>
/// Managed policies (policies with an ARN of their own) and their attachment to users, groups and
/// roles. Each has one version, "v1": Coffer keeps no version history, so there is nothing to
/// roll back to and no CreatePolicyVersion.
/// </summary>
public sealed class ManagedPolicyEngine(IIdentityStore store, IPolicyChecker policies, TimeProvider clock, string accountId)
{
    /// <summary>IAM's quota for a managed policy's size, in characters.</summary>
    public const int MaxDocumentLength = 6144;

    public const string DefaultVersionId = "v1";

    private readonly IamArns _arns = new(accountId);

    public async Task<ManagedPolicy> CreatePolicyAsync(string? name, string? path, string? document, string? description, CancellationToken cancellationToken)
    {
        IamNames.RequireName(name, "policyName", maxLength: 128);
        var policyPath = IamNames.RequirePath(path);
        if (string.IsNullOrEmpty(document))
        {
            throw new IdentityException(IdentityError.ValidationError, "The specified value for policyDocument is invalid. It must not be empty.");
        }

        if (document.Length > MaxDocumentLength)
        {
            throw new IdentityException(IdentityError.LimitExceeded, $"Cannot exceed quota for PolicySize: {MaxDocumentLength}");
        }

        if (description is { Length: > 1000 })
        {
            throw new IdentityException(IdentityError.ValidationError, "The specified value for description is invalid. It must be at most 1000 characters long.");
        }

        policies.CheckIdentityPolicy(document);
        var policy = new ManagedPolicy
        {
            Arn = _arns.OfPolicy(policyPath, name!),
            Name = name!,
            Id = IamNames.NewId("ANPA"),
            Path = policyPath,
            Document = document,
            Description = string.IsNullOrEmpty(description) ? null : description,
            Created = clock.StoreNow(),
        };

        return await store.CreateManagedPolicyAsync(policy, cancellationToken) switch
        {
            IdentityStatus.Done => policy,
            _ => throw new IdentityException(
                IdentityError.EntityAlreadyExists, $"A policy called {name} already exists. Duplicate names are not allowed."),
        };
    }

    public async Task<ManagedPolicy> GetPolicyAsync(string? arn, CancellationToken cancellationToken)
    {
        RequirePolicyArn(arn);
        return await store.GetManagedPolicyAsync(arn!, cancellationToken) ?? AwsManagedPolicies.Find(arn!) ?? throw NoSuchPolicy(arn!);
    }

    /// <summary>The one version a policy has; any other id is NoSuchEntity.</summary>
    public async Task<ManagedPolicy> GetPolicyVersionAsync(string? arn, string? versionId, CancellationToken cancellationToken)
    {
        var policy = await GetPolicyAsync(arn, cancellationToken);
        return versionId == DefaultVersionId
            ? policy
            : throw new IdentityException(IdentityError.NoSuchEntity, $"Policy {arn} version {versionId} does not exist or is not attachable.");
    }

    public async Task<Page<ManagedPolicy>> ListPoliciesAsync(string? pathPrefix, PolicyScope scope, PageRequest page, CancellationToken cancellationToken)
    {
        var prefix = IamNames.RequirePathPrefix(pathPrefix);

        // AWS's policies are listed from the catalog whether or not one was stored by attaching it.
        var local = scope == PolicyScope.AWS ? []
            : (await store.ListManagedPoliciesAsync(prefix, cancellationToken)).Where(p => !AwsManagedPolicies.IsAwsManaged(p.Arn));
        var aws = scope == PolicyScope.Local ? []
            : AwsManagedPolicies.All.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal));
        return Paging.Take([.. local.Concat(aws).OrderBy(p => p.Name, IamNameOrder.Instance)], p => p.Name, page);
    }

    public async Task DeletePolicyAsync(string? arn, CancellationToken cancellationToken)
    {
        RequirePolicyArn(arn);
        if (AwsManagedPolicies.IsAwsManaged(arn!))
        {
            throw new IdentityException(IdentityError.InvalidInput, $"Policy {arn} is an AWS managed policy; it cannot be deleted.");
        }

        switch (await store.DeleteManagedPolicyAsync(arn!, cancellationToken))
        {
            case IdentityStatus.Done:
                return;
            case IdentityStatus.Conflict:
                throw new IdentityException(IdentityError.DeleteConflict, "Cannot delete a policy attached to entities.");
            default:
                throw NoSuchPolicy(arn!);
        }
    }

    /// <summary>Attaching a policy that is attached already is not an error, as in IAM.</summary>
    public async Task AttachAsync(PrincipalKind kind, string? principalName, string? arn, CancellationToken cancellationToken)
    {
        var registry = Require(kind, principalName, arn);
        if (AwsManagedPolicies.Find(arn!) is { } awsPolicy && await store.GetManagedPolicyAsync(arn!, cancellationToken) is null)
        {
            // Stored on first use; AlreadyExists means another request stored it first, which is as good.
            await store.CreateManagedPolicyAsync(awsPolicy, cancellationToken);
        }

        if (await store.AttachPolicyAsync(kind, principalName!, arn!, cancellationToken) != IdentityStatus.Done)
        {
            await registry.RequireAsync(principalName!, cancellationToken);
            throw NoSuchPolicy(arn!);
        }
    }

    public async Task DetachAsync(PrincipalKind kind, string? principalName, string? arn, CancellationToken cancellationToken)
    {
        var registry = Require(kind, principalName, arn);
        if (await store.DetachPolicyAsync(kind, principalName!, arn!, cancellationToken) != IdentityStatus.Done)
        {
            await registry.RequireAsync(principalName!, cancellationToken);
            throw new IdentityException(IdentityError.NoSuchEntity, $"Policy {arn} was not found.");
        }
    }

    public async Task<Page<ManagedPolicy>> ListAttachedAsync(
        PrincipalKind kind, string? principalName, string? pathPrefix, PageRequest page, CancellationToken cancellationToken)
    {
        IamNames.RequireName(principalName, PrincipalRegistry.Noun(kind) + "Name");
        var prefix = IamNames.RequirePathPrefix(pathPrefix);
        await new PrincipalRegistry(store, kind).RequireAsync(principalName!, cancellationToken);
        var attached = await store.ListAttachedPoliciesAsync(kind, principalName!, cancellationToken);
        return Paging.Take([.. attached.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal))], p => p.Name, page);
    }

    private PrincipalRegistry Require(PrincipalKind kind, string? principalName, string? arn)
    {
        IamNames.RequireName(principalName, PrincipalRegistry.Noun(kind) + "Name");
        RequirePolicyArn(arn);
        return new PrincipalRegistry(store, kind);
    }

    private static void RequirePolicyArn(string? arn)
    {
        if (string.IsNullOrEmpty(arn) || arn.Length < 20 || arn.Length > 2048)
        {
            throw new IdentityException(IdentityError.ValidationError, "The specified value for policyArn is invalid. It must be 20 to 2048 characters long.");
        }

        if (!IamArns.IsPolicyArn(arn))
        {
            throw new IdentityException(IdentityError.InvalidInput, $"ARN {arn} is not valid.");
        }
    }

    private static IdentityException NoSuchPolicy(string arn) =>
        new(IdentityError.NoSuchEntity, $"Policy {arn} does not exist or is not attachable.");
}
