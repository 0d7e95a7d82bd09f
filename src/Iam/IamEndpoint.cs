using System.Collections.Frozen;

using Coffer.Engine.Identity;
using Coffer.Engine.Ports;
using Coffer.Iam.Query;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam;

/// <summary>
/// The AWS IAM API, Query protocol, version 2010-05-08: one already-authenticated request in, its
/// whole answer (result or IAM error document) out. Constructed once by the host.
/// </summary>
public sealed class IamEndpoint
{
    /// <summary>The XML namespace of IAM's documents.</summary>
    public const string XmlNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    public const string ApiVersion = "2010-05-08";

    private static readonly FrozenDictionary<string, IamAction> Actions = IamActionCatalog.All.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    private readonly IamServices _services;

    private readonly IamAuthorizer _authorizer;

    /// <param name="secrets">Seals the secrets of the access keys CreateAccessKey makes.</param>
    /// <param name="accountId">The account the ARNs name, as in <c>arn:aws:iam::{accountId}:user/alice</c>.</param>
    /// <param name="policies">The callers' identity policies, shared with the other services; read from <paramref name="store"/> when not given.</param>
    public IamEndpoint(IIdentityStore store, SecretBox secrets, TimeProvider clock, string accountId, IdentityPolicies? policies = null)
    {
        _services = new IamServices(store, secrets, clock, accountId);
        _authorizer = new IamAuthorizer(policies ?? new IdentityPolicies(store), clock);
    }

    /// <summary>The names of the actions this endpoint answers.</summary>
    public static IEnumerable<string> ActionNames => Actions.Keys;

    /// <param name="parameters">The decoded form (and query) parameters of an already-authenticated request, Action among them.</param>
    public async Task HandleAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, IamCaller caller, string requestId)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            // 1. Which action. 2. May the caller do it to this resource? 3. Do it, answer once.
            var query = new QueryParameters(parameters);
            var name = query.Action ?? throw QueryException.MissingParameter("Action");
            var action = Actions.GetValueOrDefault(name) ?? throw QueryException.InvalidAction(name, ApiVersion);
            var call = new IamCall(query, caller, _services, cancellationToken);
            var resource = await action.ResourceAsync(call);
            if (!await _authorizer.IsAllowedAsync(context, caller, action.Name, resource, cancellationToken))
            {
                throw QueryException.AccessDenied(
                    $"User: {caller.Principal.Arn ?? "anonymous"} is not authorized to perform: iam:{action.Name} on resource: {resource}");
            }

            var writeResult = await action.RunAsync(call);
            await QueryResponseWriter.WriteAsync(context, XmlNamespace, action.Name, writeResult, requestId);
        }
        catch (IdentityException error)
        {
            await QueryErrorWriter.WriteAsync(context, XmlNamespace, IamErrors.From(error), requestId);
        }
        catch (QueryException error)
        {
            await QueryErrorWriter.WriteAsync(context, XmlNamespace, error, requestId);
        }
    }

    /// <summary>
    /// Writes an error that arose before the request reached <see cref="HandleAsync"/> (a bad
    /// signature, an expired token) as IAM's error document, so that IAM clients can read it.
    /// </summary>
    public static Task WriteErrorAsync(HttpContext context, string code, string message, int statusCode, string requestId) =>
        QueryErrorWriter.WriteAsync(context, XmlNamespace, new QueryException(code, statusCode, message), requestId);
}
