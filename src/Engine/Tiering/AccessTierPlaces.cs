using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;

namespace Coffer.Engine.Tiering;

/// <summary>
/// Where the bytes of each access tier lie, so that a tier, like a class, always means a place: each tier below
/// Frequent lies where the storage class of its kind lives when the host gives that class a tier of its own
/// (Infrequent with STANDARD_IA, Archive Instant with GLACIER_IR, Archive Access with GLACIER, Deep Archive Access with
/// DEEP_ARCHIVE); otherwise, and for Frequent, where INTELLIGENT_TIERING itself lives.
/// </summary>
public static class AccessTierPlaces
{
    /// <summary>The storage class whose tier holds <paramref name="tier"/>'s bytes when the host maps it.</summary>
    public static string KindredClass(AccessTier tier) => tier switch
    {
        AccessTier.Infrequent => "STANDARD_IA",
        AccessTier.ArchiveInstant => "GLACIER_IR",
        AccessTier.ArchiveAccess => StorageClasses.Glacier,
        AccessTier.DeepArchiveAccess => StorageClasses.DeepArchive,
        _ => StorageClasses.IntelligentTiering,
    };

    /// <summary>The class whose place (<see cref="BlobPlacement"/>) holds the tier's bytes on this store.</summary>
    public static string PlaceClassOf(IBlobStore blobs, AccessTier tier)
    {
        var kindred = KindredClass(tier);
        return blobs.HasTierFor(kindred) ? kindred : StorageClasses.IntelligentTiering;
    }

    /// <summary>True when every blob of the version lies where <paramref name="tier"/>'s bytes belong.</summary>
    public static bool LiesIn(IBlobStore blobs, ObjectInfo version, AccessTier tier)
    {
        ArgumentNullException.ThrowIfNull(version);
        var place = blobs.TierOf(PlaceClassOf(blobs, tier));
        return version.Segments.All(segment => segment.Blob.Tier == place);
    }
}
