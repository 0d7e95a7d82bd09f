namespace Coffer.S3.Auth;

/// <summary>
/// What a Query API request (IAM, STS) brings to signature verification: the services it may be
/// signed for, and the SHA-256 of its form body, read before verification because these clients
/// sign the body's hash without sending it in x-amz-content-sha256.
/// </summary>
internal sealed record QueryApiPayload(IReadOnlySet<string> Services, string Sha256Hex)
{
    /// <summary>The credential's service when it is one of <see cref="Services"/>; else the first, so that the scope check names what was expected.</summary>
    public string ServiceOf(string credential)
    {
        var parts = credential.Split('/');
        return parts.Length == 5 && Services.Contains(parts[3]) ? parts[3] : Services.First();
    }
}
