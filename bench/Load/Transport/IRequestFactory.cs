namespace Coffer.Bench.Load.Transport;

/// <summary>Builds the request for an object (or, with a null key, the bucket) in one addressing scheme.</summary>
internal interface IRequestFactory
{
    /// <param name="query">Unencoded names and values; null or empty for none.</param>
    /// <param name="content">The body, if any; its bytes are sent unsigned.</param>
    /// <param name="headers">Request headers to send as given (Range, x-amz-server-side-encryption); in S3 mode each is signed too.</param>
    HttpRequestMessage Create(
        HttpMethod method,
        string? key,
        IReadOnlyList<KeyValuePair<string, string>>? query = null,
        HttpContent? content = null,
        IReadOnlyList<(string Name, string Value)>? headers = null);
}
