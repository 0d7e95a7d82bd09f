namespace Coffer.Access.Principals;

/// <summary>Who made a request; the names are the values of <c>aws:PrincipalType</c>.</summary>
public enum PrincipalType
{
    /// <summary>An unsigned request.</summary>
    Anonymous,

    /// <summary>The account's root user.</summary>
    Account,

    User,
    AssumedRole,
    FederatedUser,

    /// <summary>A service acting on its own behalf (a <c>{"Service": ...}</c> principal).</summary>
    Service,
}
