using Coffer.Engine.Kms;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Encryption;

/// <summary>
/// Rewraps every key the master keyring wrapped — SSE-S3 data keys and the key service's key material — under the
/// ring's current key, one batch per transaction, without touching a blob. Keys under the current key already, and keys
/// not wrapped by a master key at all (SSE-KMS data keys, which the key service wraps; SSE-C's, which the customer's
/// key does), are left alone, so a second run after a crash goes on where the first stopped.
/// </summary>
/// <remarks>
/// Each replacement is a compare-and-set on the bytes read: a row rewritten meanwhile (by a server, or a second run) is
/// left as it is and counted, and the run is then not <see cref="MasterKeyRotationReport.Complete"/>, so the caller
/// keeps the older keys until a run finds nothing left to rewrap.
/// </remarks>
public sealed class MasterKeyRotation(IWrappedKeyStore store, MasterKeyring keys)
{
    public const int DefaultBatchSize = 500;

    /// <param name="batchSize">Keys read per page; the rewrapped ones of a page are replaced in one transaction.</param>
    /// <param name="stopAfterBatches">Stop after this many transactions, as a crash would (for tests); null: run to the end.</param>
    /// <param name="progress">Called after each page.</param>
    /// <param name="finding">Called for each key that cannot be rewrapped.</param>
    public async Task<MasterKeyRotationReport> RunAsync(
        int batchSize,
        int? stopAfterBatches,
        Action<MasterKeyRotationProgress>? progress,
        Action<WrappedKeyFinding>? finding,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var total = await store.CountWrappedKeysAsync(cancellationToken);
        var report = new MasterKeyRotationReport(keys.CurrentKeyId);
        var batches = 0;
        WrappedKeyPosition? after = null;
        while (true)
        {
            if (batches == stopAfterBatches)
            {
                return report with { Stopped = true };
            }

            var page = await store.ListWrappedKeysAsync(after, batchSize, cancellationToken);
            if (page.Count == 0)
            {
                return report;
            }

            var replacements = new List<WrappedKeyReplacement>();
            foreach (var row in page)
            {
                report = Sort(row, report, replacements, finding);
            }

            if (replacements.Count > 0)
            {
                var replaced = await store.ReplaceWrappedKeysAsync(replacements, cancellationToken);
                report = report with { Rewrapped = report.Rewrapped + replaced, Changed = report.Changed + replacements.Count - replaced };
                batches++;
            }

            after = page[^1].Position;
            progress?.Invoke(new MasterKeyRotationProgress(report.Examined, Math.Max(total, report.Examined)));
        }
    }

    /// <summary>Counts one row, and adds its replacement when it is wrapped by an older master key of the ring.</summary>
    private MasterKeyRotationReport Sort(
        StoredWrappedKey row, MasterKeyRotationReport report, List<WrappedKeyReplacement> replacements, Action<WrappedKeyFinding>? finding)
    {
        report = report with { Examined = report.Examined + 1 };
        string keyId;
        try
        {
            keyId = DataKeyWrapper.ReadKeyId(row.Wrapped);
        }
        catch (KeyUnwrapException malformed)
        {
            finding?.Invoke(new WrappedKeyFinding(row, malformed.Message, BlocksRotation: false));
            return report with { Unreadable = report.Unreadable + 1 };
        }

        if (!MasterKeyring.IsMasterKeyId(keyId))
        {
            return report with { NotMasterWrapped = report.NotMasterWrapped + 1 };
        }

        if (keyId == keys.CurrentKeyId)
        {
            return report with { AlreadyCurrent = report.AlreadyCurrent + 1 };
        }

        // A key no master key of the ring opens did not open before either: dropping the older keys changes nothing for it.
        if (!keys.Holds(keyId))
        {
            finding?.Invoke(new WrappedKeyFinding(row, $"wrapped by master key {keyId}, which is not in the keyring", BlocksRotation: false));
            return report with { Unreadable = report.Unreadable + 1 };
        }

        try
        {
            replacements.Add(new WrappedKeyReplacement(row.Position, row.Wrapped, keys.Rewrap(row.Wrapped, ContextOf(row))));
            return report;
        }
        catch (KeyUnwrapException refused)
        {
            // Its key is in the ring, so the older keys must stay until someone looks at this row.
            finding?.Invoke(new WrappedKeyFinding(row, refused.Message, BlocksRotation: true));
            return report with { Unopenable = report.Unopenable + 1 };
        }
    }

    /// <summary>What the key was wrapped for: the same context its owner (BlobSealing, KeyService) wraps and unwraps with.</summary>
    private static byte[] ContextOf(StoredWrappedKey row) => row.Position.Holder switch
    {
        WrappedKeyHolder.KmsKeyMaterial => KeyService.MaterialContext(row.KmsKeyId!, row.KmsKeyVersion),
        _ => BlobSealing.WrapContext(row.Blob ?? throw new InvalidOperationException("A sealed segment or part names its blob.")),
    };
}

/// <summary>How far a rotation's walk is: keys examined of those there were when it began.</summary>
public readonly record struct MasterKeyRotationProgress(long Examined, long Total);

/// <summary>A wrapped key that could not be rewrapped, and why; <paramref name="BlocksRotation"/> when the older keys must stay for it.</summary>
public sealed record WrappedKeyFinding(StoredWrappedKey Key, string Reason, bool BlocksRotation);

/// <summary>What a rotation did, by key.</summary>
/// <param name="CurrentKeyId">The master key everything is rewrapped under.</param>
public sealed record MasterKeyRotationReport(string CurrentKeyId)
{
    public long Examined { get; init; }

    /// <summary>Rewrapped under the current key by this run.</summary>
    public long Rewrapped { get; init; }

    /// <summary>Under the current key already: written since the rotation began, or rewrapped by an earlier run.</summary>
    public long AlreadyCurrent { get; init; }

    /// <summary>Wrapped by the key service (SSE-KMS) or a customer's key (SSE-C): no master key is involved.</summary>
    public long NotMasterWrapped { get; init; }

    /// <summary>Rewritten by someone else between this run's read and its replacement.</summary>
    public long Changed { get; init; }

    /// <summary>Wrapped by a key of the ring that does not open it: altered, or bound to something else.</summary>
    public long Unopenable { get; init; }

    /// <summary>Not a wrapped key this build reads, or wrapped by a master key the ring does not hold: unreadable before, too.</summary>
    public long Unreadable { get; init; }

    /// <summary>Stopped before the end (see stopAfterBatches).</summary>
    public bool Stopped { get; init; }

    /// <summary>Keys examined and not rewrapped by this run.</summary>
    public long Skipped => Examined - Rewrapped;

    /// <summary>No key the older master keys opened is left under them: they can be dropped.</summary>
    public bool Complete => !Stopped && Changed == 0 && Unopenable == 0;
}
