using System.Text;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;

namespace Coffer.S3.Cors;

/// <summary>
/// A bucket's CORS configuration, read from its settings on every request that needs it. Nothing
/// is cached: a configuration changed on another node, or a moment ago, applies at once.
/// </summary>
public static class BucketCors
{
    /// <summary>The configuration; null when the bucket has none or does not exist (one read).</summary>
    public static async Task<CorsConfiguration?> FindAsync(BucketSettings settings, BucketName bucket, CancellationToken cancellationToken) =>
        Parse(await settings.FindAsync(bucket, BucketSettingName.Cors, cancellationToken));

    /// <summary>The configuration; null when the bucket has none; the engine's NoSuchBucket when it does not exist.</summary>
    public static async Task<CorsConfiguration?> GetAsync(BucketSettings settings, BucketName bucket, CancellationToken cancellationToken) =>
        Parse(await settings.GetAsync(bucket, BucketSettingName.Cors, cancellationToken));

    public static Task PutAsync(BucketSettings settings, BucketName bucket, CorsConfiguration configuration, CancellationToken cancellationToken) =>
        settings.PutAsync(bucket, BucketSettingName.Cors, CorsConfigurationWriter.ToDocument(configuration), cancellationToken);

    /// <summary>The stored document was written by <see cref="CorsConfigurationWriter"/> from a valid configuration, so it reads back whole.</summary>
    private static CorsConfiguration? Parse(string? document) =>
        document is null ? null : CorsConfigurationReader.Read(Encoding.UTF8.GetBytes(document));
}
