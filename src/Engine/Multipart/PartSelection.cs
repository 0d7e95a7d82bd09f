using System.Globalization;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

/// <summary>
/// S3's rules for the part list of CompleteMultipartUpload, checked in S3's order: the list is
/// ascending (InvalidPartOrder); every part was uploaded with that ETag, and that
/// checksum when one is given (InvalidPart); every part but the last is at least 5 MiB
/// (EntityTooSmall); the object is at most 5 TiB (EntityTooLarge).
/// </summary>
internal static class PartSelection
{
    /// <summary>The stored parts the client chose, in its order.</summary>
    public static List<PartInfo> Choose(string uploadId, IReadOnlyList<CompletedPart> requested, IReadOnlyList<PartInfo> stored)
    {
        if (requested.Count == 0)
        {
            throw new EngineException(EngineError.InvalidArgument, "You must specify at least one part.");
        }

        var byNumber = stored.ToDictionary(part => part.PartNumber);
        var chosen = new List<PartInfo>(requested.Count);
        foreach (var wanted in Distinct(requested))
        {
            if (!byNumber.TryGetValue(wanted.PartNumber, out var part)
                || !EntityTags.Equal(wanted.ETag, part.ETag)
                || !ChecksumAgrees(wanted.Checksum, part.Checksum))
            {
                throw new EngineException(EngineError.InvalidPart)
                {
                    Details = [new("UploadId", uploadId), new("PartNumber", Number(wanted.PartNumber)), new("ETag", wanted.ETag)],
                };
            }

            chosen.Add(part);
        }

        for (var i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Size < MultipartLimits.MinPartSize)
            {
                throw new EngineException(EngineError.EntityTooSmall)
                {
                    Details =
                    [
                        new("ProposedSize", Number(chosen[i].Size)),
                        new("MinSizeAllowed", Number(MultipartLimits.MinPartSize)),
                        new("PartNumber", Number(chosen[i].PartNumber)),
                        new("ETag", chosen[i].ETag),
                    ],
                };
            }
        }

        if (chosen.Sum(part => part.Size) > MultipartLimits.MaxObjectSize)
        {
            throw new EngineException(EngineError.EntityTooLarge);
        }

        return chosen;
    }

    /// <summary>
    /// The list without repeats, refusing one that goes down. A part number listed twice in a row
    /// counts once, as its last entry: a client that sent a part again while the first send was
    /// still running lists both sends, and S3 completes such a list with the part stored last.
    /// </summary>
    private static List<CompletedPart> Distinct(IReadOnlyList<CompletedPart> requested)
    {
        var distinct = new List<CompletedPart>(requested.Count);
        foreach (var part in requested)
        {
            if (distinct.Count > 0 && part.PartNumber < distinct[^1].PartNumber)
            {
                throw new EngineException(EngineError.InvalidPartOrder);
            }

            if (distinct.Count > 0 && part.PartNumber == distinct[^1].PartNumber)
            {
                distinct[^1] = part;
            }
            else
            {
                distinct.Add(part);
            }
        }

        return distinct;
    }

    /// <summary>A checksum the client repeats must be the one stored; one it leaves out is not checked.</summary>
    private static bool ChecksumAgrees(ObjectChecksum? given, ObjectChecksum? stored) =>
        given is null || (stored is not null && given.Algorithm == stored.Algorithm
            && string.Equals(given.Base64Value.Trim(), stored.Base64Value, StringComparison.Ordinal));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
