using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

/// <summary>
/// Where part <see cref="PartNumber"/> of an object lies, and its checksum; <see cref="PartsCount"/>
/// is null for an object that was not uploaded in parts.
/// </summary>
public readonly record struct PartLocation(int PartNumber, long Offset, long Length, int? PartsCount, ObjectChecksum? Checksum);

/// <summary>
/// Maps part numbers to byte ranges (GetObject and HeadObject with partNumber, and the parts of
/// GetObjectAttributes). A completed upload keeps one segment per part, in order, so the
/// segments are the parts. An object stored by a single PUT is one part: part 1 is the whole
/// object, as S3 answers.
/// </summary>
public static class ObjectParts
{
    /// <summary>The number of parts the object was uploaded in; null when it was not a multipart upload.</summary>
    public static int? Count(ObjectInfo info) =>
        MultipartETag.PartCount(info.ETag) is { } parts && parts == info.Segments.Count ? parts : null;

    /// <summary>Null when the object has no such part.</summary>
    public static PartLocation? Locate(ObjectInfo info, int partNumber)
    {
        if (Count(info) is null)
        {
            return partNumber == 1 ? new PartLocation(1, 0, info.Size, null, info.Checksum) : null;
        }

        return partNumber >= 1 && After(info, partNumber - 1, 1) is [var part] ? part : null;
    }

    /// <summary>The parts numbered above <paramref name="afterPartNumber"/>, at most <paramref name="maxParts"/>; none for an object not uploaded in parts.</summary>
    public static List<PartLocation> After(ObjectInfo info, int afterPartNumber, int maxParts)
    {
        var found = new List<PartLocation>();
        if (Count(info) is not { } parts)
        {
            return found;
        }

        long offset = 0;
        for (var number = 1; number <= parts && found.Count < maxParts; number++)
        {
            var segment = info.Segments[number - 1];
            if (number > afterPartNumber)
            {
                found.Add(new PartLocation(number, offset, segment.Length, parts, PartChecksum(info, segment)));
            }

            offset += segment.Length;
        }

        return found;
    }

    /// <summary>A part's checksum is of the part's bytes; it is reported with the object's checksum type, as S3 does.</summary>
    private static ObjectChecksum? PartChecksum(ObjectInfo info, BlobSegment segment) =>
        segment.Checksum is { } checksum ? checksum with { Type = info.Checksum?.Type ?? ChecksumType.FullObject } : null;
}
