using Coffer.Engine.Kms;

namespace Coffer.Iam.Kms;

/// <summary>A KMS error as the JSON protocol carries it: its <c>__type</c>, message and HTTP status.</summary>
public sealed class KmsException(string type, string message, int statusCode = 400) : Exception(message)
{
    public string Type { get; } = type;

    public int StatusCode { get; } = statusCode;

    public static KmsException Validation(string message) => new("ValidationException", message);

    public static KmsException Serialization(string message) => new("SerializationException", message);

    public static KmsException UnknownOperation() => new("UnknownOperationException", "");

    public static KmsException AccessDenied(string message) => new("AccessDeniedException", message);

    /// <summary>A member Coffer does not honour (a key policy, tags, another key spec): refused, never ignored.</summary>
    public static KmsException Unsupported(string message) => new("UnsupportedOperationException", message);

    /// <summary>What went wrong was the server's, not the request's (KMS's 500).</summary>
    public static KmsException Internal() => new("KMSInternalException", "The key service met an internal error.", 500);

    /// <summary>The key service's refusals under KMS's names.</summary>
    public static KmsException From(KeyServiceException error) => new(error.KmsName, error.Message);
}
