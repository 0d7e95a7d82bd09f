using System.Text.Json;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// Keeps each bucket's <see cref="LifecycleConfiguration"/> with the bucket's other settings. The engine writes and
/// reads it in its own JSON form, so the metadata stores keep it as text without knowing its shape, and nothing above
/// parses S3's XML twice.
/// </summary>
public sealed class BucketLifecycle(BucketSettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The configuration; null when the bucket has none. NoSuchBucket when the bucket does not exist.</summary>
    public async Task<LifecycleConfiguration?> GetAsync(BucketName bucket, CancellationToken cancellationToken) =>
        Parse(await settings.GetAsync(bucket, BucketSettingName.Lifecycle, cancellationToken));

    /// <summary>
    /// The configuration, or null, for paths that act on it on every request (the <c>x-amz-expiration</c> of a
    /// GET): it may be a few seconds old when another node changed it (see <see cref="BucketSettings.FindLifetime"/>).
    /// </summary>
    public async Task<LifecycleConfiguration?> FindAsync(BucketName bucket, CancellationToken cancellationToken) =>
        Parse(await settings.FindAsync(bucket, BucketSettingName.Lifecycle, cancellationToken));

    /// <summary>Replaces the bucket's configuration; NoSuchBucket when the bucket does not exist.</summary>
    public Task PutAsync(BucketName bucket, LifecycleConfiguration configuration, CancellationToken cancellationToken) =>
        settings.PutAsync(bucket, BucketSettingName.Lifecycle, JsonSerializer.Serialize(configuration, Json), cancellationToken);

    /// <summary>Removes the bucket's configuration, if any; NoSuchBucket when the bucket does not exist.</summary>
    public Task DeleteAsync(BucketName bucket, CancellationToken cancellationToken) =>
        settings.DeleteAsync(bucket, BucketSettingName.Lifecycle, cancellationToken);

    private static LifecycleConfiguration? Parse(string? document) =>
        document is null ? null : JsonSerializer.Deserialize<LifecycleConfiguration>(document, Json);
}
