using System.Text.Json;

using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tiering;

/// <summary>
/// Keeps a bucket's Intelligent-Tiering configurations with its other settings, all of them in one document of the
/// engine's own JSON form, in ID order (ordinal), so that a listing pages through them by ID.
/// </summary>
public sealed class BucketIntelligentTiering(BucketSettings settings)
{
    private static readonly JsonSerializerOptions Json = SettingDocumentJson.Options;

    /// <summary>Every configuration of the bucket, in ID order; empty when it has none. NoSuchBucket when the bucket does not exist.</summary>
    public async Task<IReadOnlyList<IntelligentTieringConfiguration>> ListAsync(BucketName bucket, CancellationToken cancellationToken) =>
        Parse(await settings.GetAsync(bucket, BucketSettingName.IntelligentTiering, cancellationToken));

    /// <summary>The configuration of that ID, or null. NoSuchBucket when the bucket does not exist.</summary>
    public async Task<IntelligentTieringConfiguration?> GetAsync(BucketName bucket, string id, CancellationToken cancellationToken) =>
        (await ListAsync(bucket, cancellationToken)).FirstOrDefault(c => c.Id == id);

    /// <summary>
    /// Adds the configuration, or replaces the one of the same ID, once it passes <see cref="IntelligentTieringValidation"/>;
    /// InvalidArgument for a 1,001st configuration. The document is read and written whole: two writers racing on
    /// different IDs may lose one of the writes, as a setting is one row (S3 does not promise more for these either).
    /// </summary>
    public async Task PutAsync(BucketName bucket, IntelligentTieringConfiguration configuration, CancellationToken cancellationToken)
    {
        IntelligentTieringValidation.Check(configuration);

        var others = (await ListAsync(bucket, cancellationToken)).Where(c => c.Id != configuration.Id).ToList();
        if (others.Count >= IntelligentTieringValidation.MaxConfigurations)
        {
            throw new EngineException(EngineError.TooManyConfigurations);
        }

        List<IntelligentTieringConfiguration> all = [.. others, configuration];
        all.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        await settings.PutAsync(bucket, BucketSettingName.IntelligentTiering, JsonSerializer.Serialize(all, Json), cancellationToken);
    }

    /// <summary>Removes the configuration of that ID; false when there was none. NoSuchBucket when the bucket does not exist.</summary>
    public async Task<bool> DeleteAsync(BucketName bucket, string id, CancellationToken cancellationToken)
    {
        var all = await ListAsync(bucket, cancellationToken);
        var kept = all.Where(c => c.Id != id).ToList();
        if (kept.Count == all.Count)
        {
            return false;
        }

        if (kept.Count == 0)
        {
            await settings.DeleteAsync(bucket, BucketSettingName.IntelligentTiering, cancellationToken);
        }
        else
        {
            await settings.PutAsync(bucket, BucketSettingName.IntelligentTiering, JsonSerializer.Serialize(kept, Json), cancellationToken);
        }

        return true;
    }

    private static List<IntelligentTieringConfiguration> Parse(string? document) =>
        document is null ? [] : JsonSerializer.Deserialize<List<IntelligentTieringConfiguration>>(document, Json) ?? [];
}
