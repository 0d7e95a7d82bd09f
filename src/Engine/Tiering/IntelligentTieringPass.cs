using System.Text;
using System.Text.Json;

using Coffer.Engine.Buckets;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tiering;

/// <summary>What one bucket's Intelligent-Tiering pass did.</summary>
public sealed record IntelligentTieringCounts(long Examined, long Moved, long Failed);

/// <summary>
/// Intelligent-Tiering's daily work in one bucket, run beside the lifecycle pass: pages through every version
/// (<see cref="IMetadataStore.ScanVersionsAsync"/>) a batch at a time, and moves each INTELLIGENT_TIERING version that
/// is not in the tier <see cref="AccessTierRules"/> says, or whose bytes are not where that tier lies
/// (<see cref="AccessTierMoves"/>). After every batch the position is stored with the bucket, so a pass cut short goes
/// on where it was; a pass run twice moves nothing the second time. Memory is bounded by one batch.
/// </summary>
public sealed class IntelligentTieringPass(IMetadataStore metadata, IBlobStore blobs, AccessTierMoves moves, LifecycleDay day, TimeProvider clock)
{
    /// <summary>Versions one batch reads.</summary>
    public const int BatchSize = 1000;

    /// <summary>Moves in flight at once: each copies an object's bytes, so a few keep the disks busy without starving clients.</summary>
    private const int MaxConcurrentMoves = 4;

    private static readonly string ProgressSetting = BucketSettings.StoredName(BucketSettingName.IntelligentTieringProgress);

    // Uncached: the pass acts on the configurations as they are.
    private readonly BucketIntelligentTiering _configurations = new(new BucketSettings(metadata));

    /// <summary>Runs the bucket's pass of the current lifecycle day to its end (going on with one cut short); nothing when it is done.</summary>
    public async Task<IntelligentTieringCounts> RunBucketAsync(BucketName bucket, CancellationToken cancellationToken)
    {
        var total = new IntelligentTieringCounts(0, 0, 0);
        while (true)
        {
            var (counts, done) = await RunBatchAsync(bucket, cancellationToken);
            total = new(total.Examined + counts.Examined, total.Moved + counts.Moved, total.Failed + counts.Failed);
            if (done)
            {
                return total;
            }
        }
    }

    /// <summary>The next batch of the bucket's pass; true with it when the day's pass is finished. NoSuchBucket when the bucket is gone.</summary>
    public async Task<(IntelligentTieringCounts Counts, bool Done)> RunBatchAsync(BucketName bucket, CancellationToken cancellationToken)
    {
        // 1. Where the day's pass is: one cut short goes on, whatever the day; a finished one starts again the next day.
        var now = clock.GetUtcNow();
        var today = LifecyclePosition.DayNumber(day, now);
        var stored = Position.Parse(await metadata.GetBucketSettingAsync(bucket.Value, ProgressSetting, cancellationToken));
        var position = stored is not null && (!stored.Done || stored.Day == today) ? stored : new Position { Day = today };
        if (position.Done)
        {
            return (new(0, 0, 0), true);
        }

        // 2. One batch: judge every INTELLIGENT_TIERING version of the page, move those out of place.
        var configurations = await _configurations.ListAsync(bucket, cancellationToken);
        var page = await metadata.ScanVersionsAsync(
            bucket.Value, position.AfterKey is { } after ? Encoding.UTF8.GetBytes(after) : [], position.AfterVersionId, ReadOnlyMemory<byte>.Empty,
            ReadOnlyMemory<byte>.Empty, BatchSize, cancellationToken);
        long moved = 0, failed = 0;
        await Parallel.ForEachAsync(
            page.Select(entry => entry.Version).OfType<ObjectInfo>().Where(AccessTierRules.IsMonitored),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentMoves, CancellationToken = cancellationToken },
            async (scanned, token) =>
            {
                switch (await JudgeAsync(scanned, configurations, now, token))
                {
                    case Lifecycle.TransitionOutcome.Transitioned:
                        Interlocked.Increment(ref moved);
                        break;
                    case Lifecycle.TransitionOutcome.TierFailed:
                        Interlocked.Increment(ref failed);
                        break;
                }
            });

        // 3. Only once the batch's moves are done: a crash before this judges the batch again, which moves nothing twice.
        var next = page.Count < BatchSize
            ? position with { Done = true, AfterKey = null, AfterVersionId = null }
            : position with { AfterKey = page[^1].Key, AfterVersionId = page[^1].Version?.VersionId };
        await metadata.PutBucketSettingAsync(bucket.Value, ProgressSetting, next.Serialize(), CancellationToken.None);
        return (new(page.Count, moved, failed), next.Done);
    }

    /// <summary>Moves the version if it is out of place; null when it is where it belongs.</summary>
    private async Task<Lifecycle.TransitionOutcome?> JudgeAsync(
        ObjectInfo scanned, IReadOnlyList<IntelligentTieringConfiguration> configurations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = AccessTierRules.Due(scanned, scanned.Attributes.Tags, configurations, day, now);
        var needsTags = AccessTierRules.NeedsTags(scanned.Key, configurations);
        if (!needsTags && due == scanned.TieringOrDefault.Tier && AccessTierPlaces.LiesIn(blobs, scanned, due))
        {
            return null;
        }

        // A scanned version carries no inline bytes and maybe no tags: the move works on the whole version.
        var version = await metadata.GetVersionAsync(scanned.Bucket, scanned.Key, scanned.VersionId, cancellationToken);
        if (version is null || version.ETag != scanned.ETag)
        {
            return null;
        }

        due = AccessTierRules.Due(version, version.Attributes.Tags, configurations, day, now);
        return due == version.TieringOrDefault.Tier && AccessTierPlaces.LiesIn(blobs, version, due)
            ? null
            : await moves.MoveAsync(version, due, cancellationToken);
    }

    /// <summary>How far a bucket's pass of one lifecycle day has got, kept in its <c>intelligent-tiering-progress</c> setting.</summary>
    private sealed record Position
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };

        public required long Day { get; init; }

        /// <summary>The key the pass goes on after; null at its start.</summary>
        public string? AfterKey { get; init; }

        /// <summary>With <see cref="AfterKey"/>, the version of that key the pass goes on after.</summary>
        public string? AfterVersionId { get; init; }

        public bool Done { get; init; }

        public string Serialize() => JsonSerializer.Serialize(this, Json);

        /// <summary>The stored position, or null when there is none or it cannot be read (the pass then starts over, which is harmless).</summary>
        public static Position? Parse(string? document)
        {
            try
            {
                return document is null ? null : JsonSerializer.Deserialize<Position>(document, Json);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
