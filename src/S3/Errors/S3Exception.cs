namespace Coffer.S3.Errors;

/// <summary>
/// Raised anywhere in the protocol layer to answer the request with an S3 error. The middleware
/// catches it and writes the XML once, with the request id.
/// </summary>
public sealed class S3Exception : Exception
{
    public S3Exception(S3Error error, string? message = null, IReadOnlyList<KeyValuePair<string, string>>? details = null)
        : base(message ?? error.Message)
    {
        Error = error;
        Details = details ?? [];
    }

    public S3Error Error { get; }

    /// <summary>Extra elements of the &lt;Error&gt; document, such as Region or StringToSign, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; }

    /// <summary>Headers to set on the error response (e.g. x-amz-bucket-region).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
