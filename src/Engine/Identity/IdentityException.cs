namespace Coffer.Engine.Identity;

/// <summary>IAM's refusals, by its own error codes; the IAM protocol layer maps them to its XML errors.</summary>
public enum IdentityError
{
    NoSuchEntity,
    EntityAlreadyExists,
    DeleteConflict,
    LimitExceeded,

    /// <summary>A name, path or other input breaks IAM's rules; the message says which.</summary>
    ValidationError,

    /// <summary>A value is well formed but unusable, such as an ARN that is not a policy's.</summary>
    InvalidInput,

    /// <summary>A policy document that the policy language refuses; the message says why.</summary>
    MalformedPolicyDocument,
}

public sealed class IdentityException(IdentityError code, string message) : Exception(message)
{
    public IdentityError Code { get; } = code;
}
