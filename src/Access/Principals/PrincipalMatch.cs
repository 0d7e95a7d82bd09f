namespace Coffer.Access.Principals;

/// <summary>How a Principal element names the requester; the difference decides whether a bucket
/// policy Allow grants access on its own.</summary>
internal enum PrincipalMatch
{
    None,

    /// <summary>
    /// Only through the requester's account (<c>"111122223333"</c> or <c>arn:aws:iam::111122223333:root</c>).
    /// AWS reads this as delegating to the account: its identities still need an identity-policy Allow.
    /// </summary>
    Account,

    /// <summary>By the requester's own ARN, canonical id or service name, or by <c>*</c>.</summary>
    Direct,
}
