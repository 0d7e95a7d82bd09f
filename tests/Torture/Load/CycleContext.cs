namespace Coffer.Torture.Load;

/// <summary>
/// What the workers of one cycle share: the kill plan, the stop signal, and which node the kill was
/// sent to. A request that fails before the kill was sent, or on a node that was not killed, failed
/// for a reason of its own, and that is reported; one sent to the killed node that fails after the
/// kill was cut off, and its outcome is left to the verifier.
/// </summary>
public sealed class CycleContext(int cycle, KillPlan plan, TortureReport report) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _killSent;
    private int _killedNodes;

    public int Cycle { get; } = cycle;

    public KillPlan Plan { get; } = plan;

    public TortureReport Report { get; } = report;

    public bool KillSent => _killSent;

    /// <summary>Tells workers to send nothing more. Requests already sent are not cancelled: only the kill may end them.</summary>
    public bool StopRequested => _stop.IsCancellationRequested;

    /// <summary>Called just before the SIGKILL of <paramref name="node"/>, so that every failure of a request sent there is put down to the kill.</summary>
    public void MarkKillSent(int node)
    {
        Interlocked.Or(ref _killedNodes, 1 << node);
        _killSent = true;
    }

    /// <summary>
    /// Whether a failure is the kill's: it came after the kill was sent, and the operation sent a request to the
    /// killed node (<paramref name="nodesTouched"/> has a bit for each node the operation sent a request to).
    /// </summary>
    public bool CutOff(int nodesTouched) => _killSent && (nodesTouched & Volatile.Read(ref _killedNodes)) != 0;

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
