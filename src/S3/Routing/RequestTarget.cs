namespace Coffer.S3.Routing;

/// <summary>What the router reads of a request: method, Host, raw path and query, and a few headers.</summary>
public sealed record RequestTarget(
    string Method,
    string Host,
    string RawPath,
    IReadOnlySet<string> QueryNames,
    bool HasCopySource);
