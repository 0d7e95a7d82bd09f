using Amazon;
using Amazon.Runtime;
using Amazon.S3;

using Coffer.Engine.Tiers;

namespace Coffer.Engine.CloudTier;

/// <summary>Builds the S3 client for a tier: its endpoint, addressing, credentials, timeouts and checksums.</summary>
public static class CloudTierClients
{
    /// <param name="environment">Reads an environment variable; the tier's own credentials come from there.</param>
    public static AmazonS3Client Create(S3TierLocation location, CloudTierOptions options, Func<string, string?> environment)
    {
        var config = Config(location, options);
        var accessKeyId = environment(location.AccessKeyIdVariable);
        var secretAccessKey = environment(location.SecretAccessKeyVariable);
        return string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secretAccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(accessKeyId, secretAccessKey), config);
    }

    /// <summary>The client settings for a tier, for a caller that supplies its own credentials or HTTP client.</summary>
    public static AmazonS3Config Config(S3TierLocation location, CloudTierOptions options)
    {
        var config = new AmazonS3Config
        {
            Timeout = options.RequestTimeout,
            ConnectTimeout = options.ConnectTimeout,
            MaxErrorRetry = options.MaxErrorRetry,

            // The writer sends its own CRC32C with every part and object (so the endpoint checks the bytes), without
            // aws-chunked framing: over plain HTTP the SDK would otherwise wrap each body in signed chunks with a
            // trailing checksum, which not every S3 service decodes. Reads check their length; ranged GETs have no
            // checksum an endpoint could send.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (location.Endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(location.Region);
        }
        else
        {
            // Another Coffer, MinIO and most self-hosted services answer path-style only, and a bucket with dots
            // breaks TLS under virtual-hosted names.
            config.ServiceURL = location.Endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = location.Region;
        }

        return config;
    }
}
