using Amazon.Runtime;
using Amazon.S3;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// SDK clients for a server running as its own process (crash and shutdown tests), with retries
/// off: a request that dies with the server must fail, not be silently replayed against its successor.
/// </summary>
public static class ProcessServerClients
{
    public static AmazonS3Client Create(Uri endpoint, string accessKey, string secretKey) => new(
        new BasicAWSCredentials(accessKey, secretKey),
        new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = CofferServer.Region,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
        });
}
