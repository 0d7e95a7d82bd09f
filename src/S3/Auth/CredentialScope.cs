using Coffer.S3.Errors;

namespace Coffer.S3.Auth;

/// <summary>
/// A SigV4 credential, <c>AKID/YYYYMMDD/region/s3/aws4_request</c>, from the Authorization header or the
/// X-Amz-Credential parameter. The two places word their errors differently, hence the error style.
/// </summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service, string Terminal)
{
    private const string GlobalRegion = "us-east-1";

    /// <summary>The scope line of the string to sign: everything after the access key id.</summary>
    public string Scope { get; } = $"{Date}/{Region}/{Service}/{Terminal}";

    /// <summary>Parses and checks the credential against this server; throws the S3 error otherwise.</summary>
    /// <param name="service">The service this request is for: <c>s3</c>, or <c>iam</c>/<c>sts</c> on the Query API.</param>
    public static CredentialScope Parse(string credential, AuthenticationOptions options, bool fromQuery, string service = SigV4.Service)
    {
        var error = fromQuery ? S3Error.AuthorizationQueryParametersError : S3Error.AuthorizationHeaderMalformed;
        var prefix = fromQuery ? "Error parsing the X-Amz-Credential parameter; " : AuthErrors.HeaderMalformedPrefix;

        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[0].Length == 0 || parts[1].Length != 8 || !IsDigits(parts[1]))
        {
            throw new S3Exception(error, prefix + AuthErrors.CredentialMalformedReason);
        }

        var scope = new CredentialScope(parts[0], parts[1], parts[2], parts[3], parts[4]);
        // IAM and STS are global services: clients sign them for us-east-1 whatever region they
        // use, and some (Ceph's s3-tests, tools written for RGW) leave the region empty.
        if (scope.Region != options.Region && !(service != SigV4.Service && scope.Region is GlobalRegion or ""))
        {
            throw AuthErrors.WrongRegion(error, prefix, scope.Region, options.Region);
        }

        if (scope.Service == "s3express" && service == SigV4.Service)
        {
            // SDKs sign for "s3express" only what is meant for directory buckets (S3 Express One
            // Zone: ListDirectoryBuckets, CreateSession and the session requests after it), which
            // Coffer does not have; that is the true answer, not a signature error.
            throw new S3Exception(S3Error.NotImplemented, "Coffer does not implement S3 Express One Zone (directory buckets); requests signed for s3express are refused.");
        }

        if (scope.Service != service)
        {
            throw new S3Exception(error, $"{prefix}incorrect service \"{scope.Service}\". This endpoint belongs to \"{service}\".");
        }

        if (scope.Terminal != SigV4.Terminal)
        {
            throw new S3Exception(error, $"{prefix}incorrect terminal \"{scope.Terminal}\". This endpoint uses \"{SigV4.Terminal}\".");
        }

        return scope;
    }

    /// <summary>The scope's date must be the request's own day; otherwise the signing key would not match anyway.</summary>
    public void CheckDate(string timestamp, bool fromQuery)
    {
        if (timestamp.StartsWith(Date, StringComparison.Ordinal))
        {
            return;
        }

        var message = $"Invalid credential date \"{Date}\". This date is not the same as X-Amz-Date: \"{timestamp[..8]}\".";
        throw fromQuery ? AuthErrors.QueryMalformed(message) : AuthErrors.HeaderMalformed(message);
    }

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
