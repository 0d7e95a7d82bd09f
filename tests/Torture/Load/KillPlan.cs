using System.Globalization;

namespace Coffer.Torture.Load;

/// <summary>
/// When, in one cycle, the server gets its SIGKILL. A fixed delay mostly catches PUTs mid-body;
/// a kill right after the burst starts catches requests before their first commit; a kill just
/// after a chosen kind of request is sent catches rare ones (a completion, a multi-delete) in flight
/// (with several nodes, the node that request went to is the one killed; otherwise the node the
/// latest request went to).
/// </summary>
public sealed class KillPlan
{
    private static readonly OperationKind[] Triggers =
    [
        OperationKind.CompleteMultipartUpload, OperationKind.DeleteObjects, OperationKind.UploadPart,
        OperationKind.AbortMultipartUpload, OperationKind.PutObject, OperationKind.CopyObject,
        OperationKind.DeleteVersion, OperationKind.PutObjectRetention, OperationKind.PutObjectLegalHold,
    ];

    /// <summary>A trigger that never comes (its kind may not be drawn this cycle) must not stall the cycle.</summary>
    private static readonly TimeSpan TriggerPatience = TimeSpan.FromSeconds(4);

    private readonly TaskCompletionSource _triggered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _triggerNode = -1;
    private int _latestNode = -1;

    private KillPlan(KillMoment moment, TimeSpan delay, OperationKind? trigger)
    {
        Moment = moment;
        Delay = delay;
        Trigger = trigger;
    }

    public KillMoment Moment { get; }

    /// <summary>From the start of the load (or from the trigger) to the kill.</summary>
    public TimeSpan Delay { get; }

    public OperationKind? Trigger { get; }

    /// <summary>
    /// The first cycle always runs for a second or more, so that every later one finds objects to
    /// overwrite and delete, and even a short run reads something back.
    /// </summary>
    public static KillPlan Draw(Random random, int cycle) => (cycle == 1 ? 2 : random.Next(4)) switch
    {
        0 => new KillPlan(KillMoment.Burst, TimeSpan.FromMilliseconds(random.Next(0, 40)), null),
        1 => new KillPlan(KillMoment.AfterRequest, TimeSpan.FromMilliseconds(random.Next(0, 15)), Triggers[random.Next(Triggers.Length)]),
        _ => new KillPlan(KillMoment.Timed, TimeSpan.FromMilliseconds(random.Next(cycle == 1 ? 1000 : 100, 3000)), null),
    };

    /// <summary>
    /// With several nodes, the one to kill: the node the triggering request went to, else the one the latest request
    /// went to (most likely still at work on it, where a node drawn blindly may be between requests); null before any.
    /// </summary>
    public int? NodeToKill => (Volatile.Read(ref _triggerNode), Volatile.Read(ref _latestNode)) switch
    {
        ( >= 0 and var trigger, _) => trigger,
        (_, >= 0 and var latest) => latest,
        _ => null,
    };

    /// <summary>Workers call this just before sending a request of <paramref name="kind"/> to <paramref name="node"/>.</summary>
    public void Sending(OperationKind kind, int node)
    {
        Volatile.Write(ref _latestNode, node);
        if (kind == Trigger && Interlocked.CompareExchange(ref _triggerNode, node, -1) == -1)
        {
            _triggered.TrySetResult();
        }
    }

    /// <summary>Completes at the moment to kill, counted from the start of the load.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (Trigger is not null)
        {
            await Task.WhenAny(_triggered.Task, Task.Delay(TriggerPatience, cancellationToken));
        }

        await Task.Delay(Delay, cancellationToken);
    }

    public override string ToString() => Moment switch
    {
        KillMoment.AfterRequest => string.Create(CultureInfo.InvariantCulture, $"{Delay.TotalMilliseconds:0} ms after a {Trigger} was sent"),
        KillMoment.Burst => string.Create(CultureInfo.InvariantCulture, $"{Delay.TotalMilliseconds:0} ms into the burst"),
        _ => string.Create(CultureInfo.InvariantCulture, $"after {Delay.TotalMilliseconds:0} ms"),
    };
}

public enum KillMoment
{
    Timed,
    Burst,
    AfterRequest,
}
