namespace Coffer.S3.Routing;

/// <summary>What the router reads of a request: method, Host, raw path and query, and a few headers.</summary>
/// <param name="Query">Each query parameter's first value ("" for a name without one), by name.</param>
/// <param name="IsFormUpload">The Content-Type is multipart/form-data: a POST to a bucket is then a browser upload (PostObject).</param>
public sealed record RequestTarget(
    string Method,
    string Host,
    string RawPath,
    IReadOnlyDictionary<string, string> Query,
    bool HasCopySource,
    bool IsFormUpload = false);
