using Coffer.Access.Requests;

namespace Coffer.Access.Tests.Support;

/// <summary>Builds requests from the compact strings the tables use.</summary>
internal static class SampleRequests
{
    /// <summary>
    /// The principal's own keys (aws:username, ...) plus <paramref name="context"/>, written
    /// <c>key=value|value&amp;key=value</c>; an empty value list (<c>key=</c>) is one empty string.
    /// </summary>
    public static AccessRequest Make(string principal, string action, string resource, string context = "")
    {
        var requester = SamplePrincipals.Named(principal);
        var builder = RequestContext.CreateBuilder().WithPrincipal(requester);
        foreach (var entry in context.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            builder.Set(entry[..equals], entry[(equals + 1)..].Split('|'));
        }

        return new AccessRequest(action, resource, requester, builder.Build());
    }
}
