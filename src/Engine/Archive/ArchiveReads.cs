using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Archive;

/// <summary>
/// What may be read of an archived version: nothing until it is restored (S3's 403 InvalidObjectState on GET and as a
/// copy source), then its restored copy until that expires. HEAD and listings see every version as it is.
/// </summary>
public static class ArchiveReads
{
    /// <summary>
    /// The version as a read opens it: as it is when it is not archived; with its segments pointing at the restored
    /// copies when it is restored from a tier; InvalidObjectState when it is archived and not (or no longer) restored.
    /// </summary>
    public static ObjectInfo Readable(ObjectInfo version, DateTimeOffset now, bool asCopySource = false)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!version.IsDeleteMarker && version.IsInArchiveAccessTier)
        {
            // An Intelligent-Tiering archive has no restored copy to read: its restore brings it back to Frequent Access.
            throw new EngineException(EngineError.InvalidObjectState, Refusal(asCopySource))
            {
                Details = [new("StorageClass", version.Attributes.StorageClass), new("AccessTier", version.Tiering!.TierName)],
            };
        }

        if (version.IsDeleteMarker || !StorageClasses.IsArchive(version.Attributes.StorageClass))
        {
            return version;
        }

        if (version.Restore is not { } restore || !restore.IsReadable(now))
        {
            throw new EngineException(EngineError.InvalidObjectState, Refusal(asCopySource))
            {
                Details = [new("StorageClass", version.Attributes.StorageClass)],
            };
        }

        // An archive in the main store is read where it lies; one in a tier, from its copies in the main store.
        return restore.RestoredBlobs.Count == 0
            ? version
            : version with { Segments = [.. version.Segments.Select((segment, i) => segment.CopiedTo(restore.RestoredBlobs[i]))] };
    }

    private static string Refusal(bool asCopySource) =>
        asCopySource ? "Operation is not valid for the source object's storage class" : "The operation is not valid for the object's storage class";
}
