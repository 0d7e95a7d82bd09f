namespace Coffer.Engine.Ports;

/// <summary>
/// Named leases that several nodes on one database take in turn, so that a background job (the blob collector,
/// lifecycle, restores) runs on one node at a time and another node takes it over when the holder dies. Expiry is
/// judged by the store's own clock (the database's, for a shared store), so nodes need not agree on the time.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease for <paramref name="holder"/> until <paramref name="duration"/> from now when nobody holds it,
    /// its holder's time ran out, or <paramref name="holder"/> holds it already (then this renews it); true when
    /// <paramref name="holder"/> holds it on return. Atomic across nodes: of concurrent callers, one wins.
    /// </summary>
    Task<bool> TryTakeLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up when <paramref name="holder"/> holds it, so that another node need not wait for it to run out.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken);
}
