namespace Coffer.Torture.Load;

/// <summary>
/// What the workers of one cycle share: the kill plan, the stop signal, and whether the kill has
/// been sent. A request that fails before the kill was sent failed for a reason of its own, and
/// that is reported; one that fails after it was cut off, and its outcome is left to the verifier.
/// </summary>
public sealed class CycleContext(int cycle, KillPlan plan, TortureReport report) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _killSent;

    public int Cycle { get; } = cycle;

    public KillPlan Plan { get; } = plan;

    public TortureReport Report { get; } = report;

    public bool KillSent => _killSent;

    /// <summary>Tells workers to send nothing more. Requests already sent are not cancelled: only the kill may end them.</summary>
    public bool StopRequested => _stop.IsCancellationRequested;

    /// <summary>Called just before the SIGKILL, so that every failure after it is put down to the kill.</summary>
    public void MarkKillSent() => _killSent = true;

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
