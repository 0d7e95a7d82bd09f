using Coffer.S3.Authorization;
using Coffer.S3.Http;

namespace Coffer.S3.Logging;

/// <summary>
/// Request values as log lines write them. Keys, bucket names and ARNs are percent-encoded, as S3's own access
/// logs write keys: a key may hold line breaks, and written raw it could forge log lines.
/// </summary>
public static class LogText
{
    /// <summary>What is written where there is nothing to name (no bucket for ListBuckets, say).</summary>
    public const string None = "-";

    /// <summary>The principal of a request that names no access key.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>A bucket name or key; bucket names are checked after routing, so they are encoded too.</summary>
    public static string Name(string? value) => value is null ? None : UriEncoding.EncodeText(value, keepSlash: true);

    /// <summary>An IAM resource ARN, its bucket and key encoded as <see cref="Name"/> encodes them.</summary>
    public static string Arn(string? resource)
    {
        var prefix = S3Permissions.BucketArn("");
        return resource is null ? None
            : resource.StartsWith(prefix, StringComparison.Ordinal) ? prefix + Name(resource[prefix.Length..])
            : resource;
    }
}
