namespace Coffer.Engine.Tiers;

/// <summary>
/// The start-up check of one tier: can Coffer reach it, and write to it, now? An unreachable tier should stop
/// start-up with a clear line, not surface hours later as failed transitions.
/// </summary>
public interface ITierProbe
{
    /// <summary>
    /// Null when the tier answered and took (and gave back) a probe write; otherwise one line naming the tier and
    /// the problem, e.g. "--tier GLACIER=s3://cold/coffer: the endpoint http://127.0.0.1:9 did not answer
    /// (Connection refused)". Never throws for a failing tier, and gives up within a few seconds.
    /// </summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
