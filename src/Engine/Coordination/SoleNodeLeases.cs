using Coffer.Engine.Ports;

namespace Coffer.Engine.Coordination;

/// <summary>
/// The leases of a node that is alone by construction: the embedded SQLite store, whose data directory one process
/// holds locked. Every lease is this node's, and nothing needs storing.
/// </summary>
public sealed class SoleNodeLeases : ILeaseStore
{
    public Task<bool> TryTakeLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken) => Task.CompletedTask;
}
