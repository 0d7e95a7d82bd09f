using System.Runtime.CompilerServices;
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
    private static readonly JsonSerializerOptions Json = SettingDocumentJson.Options;

    private readonly ConditionalWeakTable<string, LifecycleConfiguration> _parsed = new();

    /// <summary>The configuration; null when the bucket has none. NoSuchBucket when the bucket does not exist.</summary>
    public async Task<LifecycleConfiguration?> GetAsync(BucketName bucket, CancellationToken cancellationToken) =>
        Parse(await settings.GetAsync(bucket, BucketSettingName.Lifecycle, cancellationToken));

    /// <summary>
    /// The configuration, or null, for paths that act on it on every request (the <c>x-amz-expiration</c> of a
    /// GET): it may be a few seconds old when another node changed it (see <see cref="BucketSettings.FindLifetime"/>).
    /// </summary>
    public async Task<LifecycleConfiguration?> FindAsync(BucketName bucket, CancellationToken cancellationToken) =>
        ParseCached(await settings.FindAsync(bucket, BucketSettingName.Lifecycle, cancellationToken));

    /// <summary>
    /// Replaces the bucket's configuration, once it passes <see cref="LifecycleValidation"/> (InvalidArgument or
    /// InvalidRequest otherwise, and nothing changes); NoSuchBucket when the bucket does not exist.
    /// </summary>
    public Task PutAsync(BucketName bucket, LifecycleConfiguration configuration, CancellationToken cancellationToken)
    {
        LifecycleValidation.Check(configuration);
        return settings.PutAsync(bucket, BucketSettingName.Lifecycle, Serialize(configuration), cancellationToken);
    }

    /// <summary>Removes the bucket's configuration, if any; NoSuchBucket when the bucket does not exist.</summary>
    public Task DeleteAsync(BucketName bucket, CancellationToken cancellationToken) =>
        settings.DeleteAsync(bucket, BucketSettingName.Lifecycle, cancellationToken);

    /// <summary>The engine's JSON form of a configuration, as stored.</summary>
    public static string Serialize(LifecycleConfiguration configuration) => JsonSerializer.Serialize(configuration, Json);

    /// <summary>A configuration read back from its stored JSON form.</summary>
    public static LifecycleConfiguration? Parse(string? document) =>
        document is null ? null : JsonSerializer.Deserialize<LifecycleConfiguration>(document, Json);

    /// <summary>
    /// <see cref="Parse"/>, once per stored document: the settings cache hands out the same string instance until the
    /// document changes or its entry lapses, so a GET or HEAD on a bucket with rules does not deserialize them each
    /// time. Keyed by that instance (not its text), the table holds nothing once the cache lets the string go.
    /// </summary>
    private LifecycleConfiguration? ParseCached(string? document) =>
        document is null ? null : _parsed.GetValue(document, static text => Parse(text)!);
}
