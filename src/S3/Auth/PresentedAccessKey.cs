using Coffer.S3.Http;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// The access key id a request names, whether or not its signature holds, for the logs: a key id is not a
/// secret, and it tells the operator whose client is failing. Read from the Authorization header (SigV4's
/// Credential, SigV2's "AWS id:") or a presigned URL's X-Amz-Credential or AWSAccessKeyId; never the
/// signature beside it.
/// </summary>
public static class PresentedAccessKey
{
    /// <summary>Longer than any key id Coffer issues; more is not worth a log line.</summary>
    private const int MaxLength = 128;

    private const string CredentialField = "Credential=";

    /// <summary>The key id, percent-encoded where it is not plain text; null when the request names none.</summary>
    public static string? Of(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        string? id = null;
        if (authorization.StartsWith(SigV4HeaderVerifier.Prefix, StringComparison.Ordinal))
        {
            var at = authorization.IndexOf(CredentialField, StringComparison.Ordinal);
            id = at < 0 ? null : Before(authorization.AsSpan(at + CredentialField.Length), '/');
        }
        else if (authorization.StartsWith(SigV2Verifier.Prefix, StringComparison.Ordinal))
        {
            // "AWS id:signature": without its colon, the text might be the signature alone.
            var rest = authorization.AsSpan(SigV2Verifier.Prefix.Length);
            var colon = rest.IndexOf(':');
            id = colon < 0 ? null : rest[..colon].Trim().ToString();
        }
        else if (request.Query[SigV4QueryVerifier.CredentialParameter] is { Count: > 0 } credential)
        {
            id = Before(credential[0], '/');
        }
        else if (request.Query[SigV2Verifier.AccessKeyParameter] is { Count: > 0 } keyId)
        {
            id = keyId[0];
        }

        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        // The id is the client's text: encoded, it cannot break a log line or pass for another field.
        return UriEncoding.EncodeText(id.Length > MaxLength ? id[..MaxLength] : id, keepSlash: false);
    }

    private static string Before(ReadOnlySpan<char> text, char separator)
    {
        var end = text.IndexOfAny(separator, ',');
        return (end < 0 ? text : text[..end]).Trim().ToString();
    }
}
