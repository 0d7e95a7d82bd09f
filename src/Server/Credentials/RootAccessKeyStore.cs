using System.Security.Cryptography;
using System.Text;

using Coffer.S3.Auth;

namespace Coffer.Server.Credentials;

/// <summary>Knows one key: root's. Users and their keys arrive with access control.</summary>
public sealed class RootAccessKeyStore(RootCredentials root) : IAccessKeyStore
{
    public const string RootPrincipal = "root";

    private readonly AccessKeyCredentials _root = new(root.AccessKeyId, root.SecretAccessKey, RootPrincipal);
    private readonly byte[] _rootId = Encoding.UTF8.GetBytes(root.AccessKeyId);

    public ValueTask<AccessKeyCredentials?> FindAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(accessKeyId), _rootId);
        return ValueTask.FromResult(matches ? _root : null);
    }
}
