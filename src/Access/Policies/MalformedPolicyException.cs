namespace Coffer.Access.Policies;

/// <summary>
/// A policy document that cannot be accepted. The message says what is wrong and is meant for the
/// client: S3 returns it with <c>MalformedPolicy</c>, IAM with <c>MalformedPolicyDocument</c>.
/// </summary>
public sealed class MalformedPolicyException : Exception
{
    public MalformedPolicyException()
        : base("The policy is malformed.")
    {
    }

    public MalformedPolicyException(string message)
        : base(message)
    {
    }

    public MalformedPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
