using Coffer.Access.Principals;
using Coffer.Engine.Identity;
using Coffer.Iam.Query;

namespace Coffer.Iam;

/// <summary>One IAM request as an action sees it: its parameters, who sent it, and the engines.</summary>
internal sealed record IamCall(QueryParameters Parameters, IamCaller Caller, IamServices Services, CancellationToken CancellationToken)
{
    /// <summary>
    /// The UserName parameter, or the caller's own name when it is an IAM user: IAM's key and
    /// GetUser actions act on the caller when no user is named.
    /// </summary>
    public string UserNameOrCaller() =>
        Parameters.Optional("UserName")
        ?? (Caller.Principal.Type == PrincipalType.User ? Caller.Principal.UserName : null)
        ?? throw QueryException.ValidationError("Must specify userName when calling with non-User credentials");

    public PageRequest Page() => new(Parameters.Optional("Marker"), Parameters.OptionalInt("MaxItems"));
}
