namespace Coffer.Access.Evaluation;

/// <summary>The outcome of evaluating a request, in AWS's terms.</summary>
public enum Decision
{
    Allow,

    /// <summary>A Deny statement applied: nothing can override it.</summary>
    ExplicitDeny,

    /// <summary>Nothing allowed the request (the default for every request).</summary>
    ImplicitDeny,
}
