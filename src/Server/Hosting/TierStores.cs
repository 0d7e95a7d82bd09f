using Coffer.Engine.FileSystem;
using Coffer.Engine.Ports;
using Coffer.Server.Configuration;

namespace Coffer.Server.Hosting;

/// <summary>
/// Opens the blob store of each <c>--tier</c> and proves it usable before the server starts: a tier that cannot be
/// reached stops the start with one line naming the option, rather than failing the first transition hours later.
/// </summary>
internal static class TierStores
{
    public static IReadOnlyDictionary<string, IBlobStore> Open(IReadOnlyList<TierSettings.TierMapping> tiers)
    {
        var stores = new Dictionary<string, IBlobStore>(StringComparer.Ordinal);
        foreach (var tier in tiers)
        {
            var option = $"--tier {tier.StorageClass}={tier.Location}";
            if (tier.Location.StartsWith("s3://", StringComparison.Ordinal))
            {
                throw new ConfigurationException($"{option}: tiers on S3 endpoints are not available in this build; give a directory.");
            }

            stores[tier.StorageClass] = OpenDirectory(tier.Location, option);
        }

        return stores;
    }

    private static FileSystemBlobStore OpenDirectory(string directory, string option)
    {
        // Not created here: a missing directory is most often a network filesystem that is not mounted, and blobs
        // written beneath the mount point would vanish when it is.
        if (!Directory.Exists(directory))
        {
            throw new ConfigurationException($"{option}: the directory does not exist (is its filesystem mounted?).");
        }

        var probe = Path.Combine(directory, $".coffer-probe-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
            {
                file.WriteByte(1);
                file.Flush(flushToDisk: true);
            }

            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{option}: cannot write there ({e.Message}).");
        }

        return new FileSystemBlobStore(directory);
    }
}
