using System.Collections.ObjectModel;

using Coffer.Access.Principals;

namespace Coffer.S3.Auth;

/// <summary>
/// The outcome of <see cref="RequestAuthenticator.AuthenticateAsync"/>: who signed the request, and the
/// payload as a stream that checks itself while it is read.
/// </summary>
public sealed class AuthenticatedRequest
{
    private readonly AccessKeyCredentials? _credentials;

    internal AuthenticatedRequest(
        AccessKeyCredentials? credentials,
        Stream body,
        long? decodedContentLength,
        IReadOnlyDictionary<string, string>? trailers)
    {
        _credentials = credentials;
        Body = body;
        DecodedContentLength = decodedContentLength;
        Trailers = trailers ?? ReadOnlyDictionary<string, string>.Empty;
    }

    /// <summary>True when the request carried no signature at all; the caller decides whether to deny it.</summary>
    public bool IsAnonymous => _credentials is null;

    public string? AccessKeyId => _credentials?.AccessKeyId;

    /// <summary>The owner recorded on what the request creates: the account's owner for every key of the account.</summary>
    public string? Principal => _credentials?.Principal;

    /// <summary>Who signed, as policies see it: the account root, an IAM user, a role session, or anonymous.</summary>
    public RequestPrincipal Caller => _credentials?.Caller ?? RequestPrincipal.Anonymous;

    /// <summary>The session policy of temporary credentials, which narrows what they may do.</summary>
    public string? SessionPolicy => _credentials?.SessionPolicy;

    /// <summary>
    /// The decoded payload (aws-chunked framing removed). It throws <see cref="Errors.S3Exception"/> as soon
    /// as the payload fails verification, and at the latest on the read that reaches the end, before that
    /// read returns 0. Bytes returned before the end are not yet proven: commit nothing until 0 is read.
    /// Disposing it is optional; it is registered for disposal with the response.
    /// </summary>
    public Stream Body { get; }

    /// <summary>
    /// The payload length the client declared: <c>x-amz-decoded-content-length</c> for aws-chunked bodies,
    /// else <c>Content-Length</c>, else null.
    /// </summary>
    public long? DecodedContentLength { get; }

    /// <summary>
    /// Trailing headers of an aws-chunked body (for example <c>x-amz-checksum-crc32</c> to its base64 value),
    /// with lower-case names that also match case-insensitively. Empty until <see cref="Body"/> has been
    /// read to its end. Their values are not checked here: comparing a checksum with the data is the
    /// operation's job. For signed trailers, the signature proves they come from the key holder.
    /// </summary>
    public IReadOnlyDictionary<string, string> Trailers { get; }
}
