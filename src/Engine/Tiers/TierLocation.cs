namespace Coffer.Engine.Tiers;

/// <summary>
/// Where the objects of one storage class live, as the operator mapped it with <c>--tier CLASS=LOCATION</c>.
/// Built only by <see cref="TierLocations.Parse"/>, so every instance is well-formed.
/// </summary>
public abstract record TierLocation(string StorageClass)
{
    /// <summary>The location as an operator recognises it, without parameters: "/mnt/cold", "s3://cold/coffer".</summary>
    public abstract string Display { get; }

    /// <summary>How messages name this tier: "--tier GLACIER=s3://cold/coffer".</summary>
    public string Flag => $"--tier {StorageClass}={Display}";
}

/// <summary>A directory: a cheaper disk, or a mounted network file system. Always an absolute path.</summary>
public sealed record DirectoryTierLocation(string StorageClass, string Directory) : TierLocation(StorageClass)
{
    public override string Display => Directory;
}

/// <summary>
/// A bucket on an S3 endpoint (AWS, another Coffer, any S3 service); blobs go under <see cref="Prefix"/>.
/// Credentials never travel in the location: they come from <see cref="AccessKeyIdVariable"/> and
/// <see cref="SecretAccessKeyVariable"/>, or else from the AWS SDK's default chain.
/// </summary>
/// <param name="Prefix">Without leading or trailing '/'; empty for the whole bucket.</param>
/// <param name="Endpoint">The endpoint to address with path-style requests; null for AWS itself, by region.</param>
public sealed record S3TierLocation(string StorageClass, string Bucket, string Prefix, Uri? Endpoint, string Region)
    : TierLocation(StorageClass)
{
    public const string DefaultRegion = "us-east-1";

    public override string Display => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";

    /// <summary>Where a readable name for the endpoint is needed: "http://127.0.0.1:9000", or AWS's regional one.</summary>
    public string EndpointDisplay => Endpoint?.GetLeftPart(UriPartial.Authority) ?? $"AWS S3 ({Region})";

    public string AccessKeyIdVariable => CredentialVariable(StorageClass, "ACCESS_KEY_ID");

    public string SecretAccessKeyVariable => CredentialVariable(StorageClass, "SECRET_ACCESS_KEY");

    // The class name goes in as it is (GLACIER_IR stays GLACIER_IR): every class is already a valid variable name.
    private static string CredentialVariable(string storageClass, string name) => $"COFFER_TIER_{storageClass}_{name}";
}
