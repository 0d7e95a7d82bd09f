using Coffer.Engine.CloudTier;
using Coffer.Engine.FileSystem;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;
using Coffer.Server.Configuration;

namespace Coffer.Server.Hosting;

/// <summary>
/// Opens the blob store of each <c>--tier</c> and proves it usable before the server starts: a tier that cannot be
/// reached stops the start with one line naming the option, rather than failing the first transition hours later.
/// </summary>
internal static class TierStores
{
    public static async Task<IReadOnlyDictionary<string, IBlobStore>> OpenAsync(IReadOnlyList<TierLocation> tiers, CancellationToken cancellationToken)
    {
        var stores = new Dictionary<string, IBlobStore>(StringComparer.Ordinal);
        foreach (var tier in tiers)
        {
            stores[tier.StorageClass] = tier switch
            {
                // Probed before the store is made, which would create the directory of a filesystem not mounted.
                DirectoryTierLocation directory => await ProbedAsync(new DirectoryTierProbe(directory), () => new FileSystemBlobStore(directory.Directory), cancellationToken),
                S3TierLocation remote => await ProbedAsync(CloudTierBlobStore.Create(remote), cancellationToken),
                _ => throw new ConfigurationException($"{tier.Flag}: not a kind of tier this server knows."),
            };
        }

        return stores;
    }

    private static async Task<IBlobStore> ProbedAsync(DirectoryTierProbe probe, Func<IBlobStore> open, CancellationToken cancellationToken) =>
        await probe.ProbeAsync(cancellationToken) is { } problem ? throw new ConfigurationException(problem) : open();

    private static async Task<IBlobStore> ProbedAsync(CloudTierBlobStore store, CancellationToken cancellationToken)
    {
        if (await store.ProbeAsync(cancellationToken) is { } problem)
        {
            store.Dispose();
            throw new ConfigurationException(problem);
        }

        return store;
    }
}
