namespace Coffer.Engine.Integrity;

/// <summary>
/// Damaged blobs that reads have found since the process started. Process-wide on purpose: every
/// engine instance reads the same disk, and the count is for an operator's log line or a
/// metric, not for any decision.
/// </summary>
public static class IntegrityCounters
{
    private static long _corruptBlobsDetected;

    /// <summary>Reads refused because a blob was corrupt, truncated or missing.</summary>
    public static long CorruptBlobsDetected => Interlocked.Read(ref _corruptBlobsDetected);

    /// <summary>Counts <paramref name="damage"/> and hands it back, for <c>throw IntegrityCounters.Counted(...)</c>.</summary>
    internal static BlobCorruptException Counted(BlobCorruptException damage)
    {
        Interlocked.Increment(ref _corruptBlobsDetected);
        return damage;
    }
}
