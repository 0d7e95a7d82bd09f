using System.Diagnostics.Metrics;

namespace Coffer.Engine.Lifecycle;

/// <summary>What the lifecycle worker did to one version, delete marker or upload.</summary>
public enum LifecycleAction
{
    /// <summary>A current version expired: removed (unversioned bucket) or hidden by a new delete marker.</summary>
    Expired,

    /// <summary>A noncurrent version (or delete marker) removed for good by NoncurrentVersionExpiration.</summary>
    NoncurrentRemoved,

    /// <summary>An expired object delete marker (the only version left of its key) removed.</summary>
    DeleteMarkerRemoved,

    /// <summary>An incomplete multipart upload aborted and its parts freed.</summary>
    UploadAborted,

    /// <summary>A version moved to another storage class.</summary>
    Transitioned,

    /// <summary>A version due for removal that object lock (a retention or a legal hold) keeps.</summary>
    SkippedForLock,

    /// <summary>A transition the target tier refused or could not take; it is tried again on a later pass.</summary>
    TransitionFailed,

    /// <summary>A transition that was due, and not made because this host has no storage class transitions.</summary>
    TransitionUnavailable,
}

/// <summary>
/// How many of each <see cref="LifecycleAction"/> a batch or a pass did. Safe to count into from several removals
/// running at once. Every count is also added to the process's <c>Coffer.Lifecycle</c> meter (see <see cref="Meter"/>).
/// </summary>
public sealed class LifecycleCounts
{
    /// <summary>The meter the host exports: counter <c>coffer.lifecycle.actions</c>, tagged <c>action</c>.</summary>
    public static readonly Meter Meter = new("Coffer.Lifecycle");

    private static readonly Counter<long> Actions = Meter.CreateCounter<long>("coffer.lifecycle.actions", description: "Versions, delete markers and uploads the lifecycle worker acted on");

    private static readonly LifecycleAction[] Kinds = Enum.GetValues<LifecycleAction>();

    private readonly long[] _counts = new long[Kinds.Length];

    private long _examined;

    /// <summary>Versions and uploads looked at.</summary>
    public long Examined => Interlocked.Read(ref _examined);

    public long this[LifecycleAction action] => Interlocked.Read(ref _counts[(int)action]);

    /// <summary>True when the counts hold any action (examining alone is not one).</summary>
    public bool AnyAction => Kinds.Any(kind => this[kind] > 0);

    public void Count(LifecycleAction action)
    {
        Interlocked.Increment(ref _counts[(int)action]);
        Actions.Add(1, new KeyValuePair<string, object?>("action", action.ToString()));
    }

    internal void Examine(int count) => Interlocked.Add(ref _examined, count);

    /// <summary>Adds another batch's counts to these (without counting them again in the meter).</summary>
    public void Add(LifecycleCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Interlocked.Add(ref _examined, other.Examined);
        foreach (var kind in Kinds)
        {
            Interlocked.Add(ref _counts[(int)kind], other[kind]);
        }
    }

    public override string ToString() =>
        $"examined {Examined}, " + string.Join(", ", Kinds.Select(kind => $"{kind} {this[kind]}"));
}
