using System.Globalization;
using System.Security.Cryptography;

using Coffer.S3.Auth;

namespace Coffer.Server.Admin;

/// <summary>
/// Signs a POST to the endpoint's root with SigV4 for one of the services there (IAM, STS, Coffer's own, KMS), as
/// the aws CLI signs them. The signing key, string to sign and signature come from the same SigV4 code the server
/// verifies with (src/S3/Auth), so the two cannot drift apart; only the canonical request of this one fixed shape is
/// spelled out here.
/// </summary>
public sealed class RootPostSigner(Uri endpoint, string region, string accessKeyId, string secretAccessKey, TimeProvider clock)
{
    /// <summary>Adds Host, X-Amz-Date and Authorization to a request whose Content-Type and <paramref name="amzHeaders"/> are set.</summary>
    /// <param name="amzHeaders">Headers sent besides Content-Type, such as X-Amz-Target: the server refuses an x-amz-* header that is not signed.</param>
    public void Sign(HttpRequestMessage request, string service, byte[] body, IReadOnlyList<(string Name, string Value)> amzHeaders)
    {
        var timestamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = timestamp[..8];
        var host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority;
        var signed = amzHeaders
            .Select(h => (Name: h.Name.ToLowerInvariant(), h.Value))
            .Append((Name: "content-type", Value: request.Content!.Headers.ContentType!.ToString()))
            .Append((Name: "host", Value: host))
            .Append((Name: "x-amz-date", Value: timestamp))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', signed.Select(h => h.Name));
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));

        // Method, path, (empty) query, the signed headers in order, their names, the payload's hash.
        var canonical = $"POST\n/\n\n{string.Concat(signed.Select(h => $"{h.Name}:{h.Value}\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/{SigV4.Terminal}";
        var signature = SigV4.Sign(SigV4.DeriveSigningKey(secretAccessKey, date, region, service), SigV4.StringToSign(timestamp, scope, canonical));

        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("x-amz-date", timestamp);
        foreach (var (name, value) in amzHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation(
            "Authorization", $"{SigV4.Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }
}
