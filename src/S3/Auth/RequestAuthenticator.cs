// TEMPORARY stand-in until the auth branch lands; replaced by that branch's files.
using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Auth;

public sealed class AuthenticationOptions
{
    public required string Region { get; init; }

    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);
}

public sealed class AuthenticatedRequest
{
    public bool IsAnonymous { get; init; }

    public string? AccessKeyId { get; init; }

    public string? Principal { get; init; }

    public required Stream Body { get; init; }

    public long? DecodedContentLength { get; init; }

    public IReadOnlyDictionary<string, string> Trailers { get; init; } = new Dictionary<string, string>();
}

public sealed class RequestAuthenticator(IAccessKeyStore keys, AuthenticationOptions options, TimeProvider clock)
{
    public async Task<AuthenticatedRequest> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        _ = options;
        _ = clock;
        var header = context.Request.Headers.Authorization.ToString();
        var start = header.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return new AuthenticatedRequest { IsAnonymous = true, Body = context.Request.Body };
        }

        var id = header[(start + 11)..header.IndexOf('/', start)];
        var found = await keys.FindAsync(id, cancellationToken);
        return new AuthenticatedRequest { AccessKeyId = id, Principal = found?.Principal, Body = context.Request.Body, DecodedContentLength = context.Request.ContentLength };
    }
}
