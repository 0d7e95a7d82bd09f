namespace Coffer.S3.Auth;

/// <summary>How <see cref="RequestAuthenticator"/> judges signatures.</summary>
public sealed class AuthenticationOptions
{
    /// <summary>
    /// The region clients must sign for, for example <c>us-east-1</c>. A credential scope that names
    /// another region is refused, as S3 does, so that a client learns the right region from the error.
    /// </summary>
    public required string Region { get; init; }

    /// <summary>
    /// How far the date of a header-signed request may be from the server clock. S3 allows 15 minutes;
    /// presigned URLs are bounded by their own expiry instead.
    /// </summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Host names under which buckets are addressed virtual-host style: for <c>photos.s3.example.com</c>
    /// this list holds <c>s3.example.com</c>. Only Signature Version 2 needs it, because its string to
    /// sign names the bucket even when the bucket travels in the Host header rather than in the path.
    /// </summary>
    public IReadOnlyList<string> VirtualHostDomains { get; init; } = [];
}
