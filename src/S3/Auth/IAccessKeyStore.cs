namespace Coffer.S3.Auth;

/// <summary>Looks up the secret behind an access key id. Null when the key is unknown or inactive.</summary>
public interface IAccessKeyStore
{
    ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, CancellationToken cancellationToken);
}

/// <summary>An access key and the principal (user name) it acts for.</summary>
public sealed record AccessKeyCredentials(string AccessKeyId, string SecretAccessKey, string Principal);
