using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

/// <summary>Where part <see cref="PartNumber"/> of an object lies; <see cref="PartsCount"/> is null for an object that was not uploaded in parts.</summary>
public readonly record struct PartLocation(int PartNumber, long Offset, long Length, int? PartsCount);

/// <summary>
/// Maps part numbers to byte ranges (GetObject and HeadObject with partNumber). A completed
/// upload keeps one segment per part, in order, so the segments are the parts. An object
/// stored by a single PUT is one part: part 1 is the whole object, as S3 answers.
/// </summary>
public static class ObjectParts
{
    /// <summary>Null when the object has no such part.</summary>
    public static PartLocation? Locate(ObjectInfo info, int partNumber)
    {
        var count = MultipartETag.PartCount(info.ETag);
        if (count is not { } parts || parts != info.Segments.Count)
        {
            return partNumber == 1 ? new PartLocation(1, 0, info.Size, null) : null;
        }

        if (partNumber < 1 || partNumber > parts)
        {
            return null;
        }

        long offset = 0;
        for (var i = 0; i < partNumber - 1; i++)
        {
            offset += info.Segments[i].Length;
        }

        return new PartLocation(partNumber, offset, info.Segments[partNumber - 1].Length, parts);
    }
}
