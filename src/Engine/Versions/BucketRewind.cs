using System.Text;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Versions;

/// <summary>What a rewind did to one key (or, in a dry run, would do).</summary>
public enum RewindChange
{
    /// <summary>The key already looked as it did then.</summary>
    Unchanged,

    /// <summary>The version of then came back as a new current version.</summary>
    Restored,

    /// <summary>The key did not exist then (or was deleted): a delete marker now hides it.</summary>
    Hidden,
}

/// <summary>One key a rewind changed; <see cref="VersionId"/> is the version or delete marker it added.</summary>
public sealed record RewoundKey(string Key, RewindChange Change, string VersionId);

/// <summary>
/// One batch of a rewind: the keys it changed, how many it looked at, and the key to continue after (null when the
/// prefix is done).
/// </summary>
public sealed record RewindBatch(IReadOnlyList<RewoundKey> Changed, int KeysExamined, string? NextKey);

/// <summary>
/// `coffer admin rewind`: makes every key under a prefix look as it did at an instant (see
/// <see cref="VersionRules.Rewind"/>), a batch of keys at a time, each key in its own transaction. Nothing is removed
/// and no byte is copied. A batch names the key to continue after, so an interrupted rewind is finished by running it
/// again (keys already rewound are left alone), and a caller can show progress between batches.
/// </summary>
public sealed class BucketRewind(IMetadataStore metadata, TimeProvider clock)
{
    /// <summary>The most keys one batch examines.</summary>
    public const int MaxBatchKeys = 1000;

    public async Task<RewindBatch> RunBatchAsync(
        BucketName bucket, string prefix, DateTimeOffset instant, string? afterKey, int maxKeys, bool dryRun, string owner,
        CancellationToken cancellationToken)
    {
        var info = await metadata.GetBucketAsync(bucket.Value, cancellationToken) ?? throw new EngineException(EngineError.NoSuchBucket);
        if (info.Versioning != BucketVersioning.Enabled)
        {
            throw new EngineException(EngineError.InvalidBucketState, VersionRules.RewindNeedsVersioning);
        }

        maxKeys = Math.Clamp(maxKeys, 1, MaxBatchKeys);
        var keys = await NextKeysAsync(bucket.Value, prefix, afterKey, maxKeys, cancellationToken);
        var changed = new List<RewoundKey>();
        foreach (var key in keys)
        {
            // Each key on its own: a rewind of a large prefix never holds the writer for long, and an interruption
            // leaves every key either rewound or untouched.
            var outcome = await metadata.RewindKeyAsync(bucket.Value, key, instant, owner, clock.StoreNow(), dryRun, CancellationToken.None);
            if (outcome.Status != CommitStatus.Committed)
            {
                throw CommitFailures.ToException(outcome.Status);
            }

            if (outcome.Stored is { } added)
            {
                changed.Add(new RewoundKey(key, added.IsDeleteMarker ? RewindChange.Hidden : RewindChange.Restored, added.VersionId));
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        return new RewindBatch(changed, keys.Count, keys.Count == maxKeys ? keys[^1] : null);
    }

    /// <summary>
    /// The next distinct keys under the prefix, after <paramref name="afterKey"/>: any key with a version, a delete marker
    /// included. Versions are listed key by key, so a page may hold few keys; the scan then continues after the last one.
    /// </summary>
    private async Task<List<string>> NextKeysAsync(string bucket, string prefix, string? afterKey, int maxKeys, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var after = afterKey ?? "";
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        while (keys.Count < maxKeys)
        {
            var page = await metadata.ScanVersionsAsync(
                bucket, Encoding.UTF8.GetBytes(after), null, prefixBytes, ReadOnlyMemory<byte>.Empty, maxKeys, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var entry in page)
            {
                if (keys.Count < maxKeys && (keys.Count == 0 ? entry.Key != afterKey : entry.Key != keys[^1]))
                {
                    keys.Add(entry.Key);
                }
            }

            // Restart after the last key seen: its remaining versions say nothing new.
            after = page[^1].Key;
            if (page.Count < maxKeys)
            {
                break;
            }
        }

        return keys;
    }
}
