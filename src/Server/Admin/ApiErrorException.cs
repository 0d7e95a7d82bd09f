namespace Coffer.Server.Admin;

/// <summary>
/// An error a service on the endpoint answered with: the Code of an IAM or STS error document, or the <c>__type</c> of
/// a KMS error (such as NotFoundException), with its message.
/// </summary>
public sealed class ApiErrorException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;

    /// <summary>The service's own message, without the code.</summary>
    public string Detail { get; } = message;
}
