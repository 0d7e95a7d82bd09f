namespace Coffer.Access.Evaluation;

/// <summary>What the bucket's or object's ACL says about the request; ACLs can only grant.</summary>
public enum AclDecision
{
    None,
    Allow,
}
