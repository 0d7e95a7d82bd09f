using System.Buffers.Binary;
using System.Globalization;

using Coffer.Engine.Checksums;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Multipart;

/// <summary>
/// The checksum of a completed multipart object, made from its parts' checksums alone:
/// COMPOSITE is the algorithm over the parts' checksum bytes, one after the other, written with
/// "-N"; FULL_OBJECT (CRCs only) is the CRC of the whole content, joined from the parts' CRCs
/// and lengths. An upload created without an algorithm gets S3's default, a FULL_OBJECT
/// CRC64NVME, which every part of such an upload computes (besides any the client chose).
/// </summary>
public static class MultipartChecksum
{
    /// <summary>The algorithm and type the object checksum of <paramref name="upload"/> has.</summary>
    public static (ChecksumAlgorithm Algorithm, ChecksumType Type) Kind(UploadInfo upload) =>
        upload.ChecksumAlgorithm is { } algorithm
            ? (algorithm, upload.ChecksumType ?? DefaultType(algorithm))
            : (ChecksumAlgorithm.Crc64Nvme, ChecksumType.FullObject);

    /// <summary>
    /// S3's type for an algorithm named without one: FULL_OBJECT for CRC64NVME, which has no
    /// composite form, and COMPOSITE for the rest.
    /// </summary>
    public static ChecksumType DefaultType(ChecksumAlgorithm algorithm) =>
        algorithm == ChecksumAlgorithm.Crc64Nvme ? ChecksumType.FullObject : ChecksumType.Composite;

    /// <summary>Whether S3 allows the pair: FULL_OBJECT needs a CRC; CRC64NVME is only FULL_OBJECT.</summary>
    public static bool IsSupported(ChecksumAlgorithm algorithm, ChecksumType type) => type switch
    {
        ChecksumType.FullObject => CrcCombiner.For(algorithm) is not null,
        _ => algorithm != ChecksumAlgorithm.Crc64Nvme,
    };

    /// <summary>
    /// The object checksum, or null when a part lacks a checksum of the object's algorithm (parts
    /// stored before Coffer kept them): then the object has no checksum rather than a wrong one.
    /// </summary>
    public static ObjectChecksum? Of(UploadInfo upload, IReadOnlyList<PartInfo> parts)
    {
        var (algorithm, type) = Kind(upload);
        var checksums = new List<(ObjectChecksum Checksum, long Size)>(parts.Count);
        foreach (var part in parts)
        {
            var checksum = part.Checksum?.Algorithm == algorithm ? part.Checksum : part.DefaultChecksum;
            if (checksum?.Algorithm != algorithm)
            {
                return null;
            }

            checksums.Add((checksum, part.Size));
        }

        return type == ChecksumType.FullObject
            ? FullObject(algorithm, checksums)
            : Composite(algorithm, checksums);
    }

    /// <summary>
    /// Checks what the client says the object checksum is (headers of CompleteMultipartUpload):
    /// its type must be the upload's, and its value the one computed. A composite value may be
    /// given with or without its "-N".
    /// </summary>
    public static void Verify(UploadInfo upload, ObjectChecksum? computed, ChecksumAlgorithm? expectedAlgorithm, string? expectedValue, ChecksumType? expectedType)
    {
        var (algorithm, type) = Kind(upload);
        if (expectedType is { } claimed && claimed != type)
        {
            throw new EngineException(
                EngineError.ChecksumMismatch,
                $"The upload was created using the {ChecksumNames.Of(type)} checksum mode. The complete request must use the same checksum mode.");
        }

        if (expectedAlgorithm is not { } named)
        {
            return;
        }

        if (named != algorithm)
        {
            throw new EngineException(
                EngineError.ChecksumMismatch,
                $"The upload was created using the {ChecksumNames.Of(algorithm)} checksum algorithm; the complete request named {ChecksumNames.Of(named)}.");
        }

        // Nothing to compare with when a part lacked the checksum (see Of); the parts themselves were verified on upload.
        if (computed is not null && !Matches(computed, expectedValue?.Trim() ?? ""))
        {
            throw new EngineException(EngineError.ChecksumMismatch, $"The {ChecksumNames.Of(algorithm)} you specified did not match the calculated checksum.");
        }
    }

    private static bool Matches(ObjectChecksum computed, string expected)
    {
        if (string.Equals(computed.Base64Value, expected, StringComparison.Ordinal))
        {
            return true;
        }

        var dash = computed.Base64Value.LastIndexOf('-');
        return computed.Type == ChecksumType.Composite && dash > 0
            && string.Equals(computed.Base64Value[..dash], expected, StringComparison.Ordinal);
    }

    private static ObjectChecksum FullObject(ChecksumAlgorithm algorithm, List<(ObjectChecksum Checksum, long Size)> parts)
    {
        var combiner = CrcCombiner.For(algorithm) ?? throw new InvalidOperationException($"{algorithm} has no full-object form.");
        ulong crc = 0; // The CRC of nothing, for every S3 CRC.
        foreach (var (checksum, size) in parts)
        {
            crc = combiner.Combine(crc, ReadCrc(checksum), size);
        }

        var bytes = new byte[algorithm == ChecksumAlgorithm.Crc64Nvme ? sizeof(ulong) : sizeof(uint)];
        if (bytes.Length == sizeof(ulong))
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, crc);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)crc);
        }

        return new ObjectChecksum(algorithm, Convert.ToBase64String(bytes), ChecksumType.FullObject);
    }

    private static ObjectChecksum Composite(ChecksumAlgorithm algorithm, List<(ObjectChecksum Checksum, long Size)> parts)
    {
        using var hasher = ChecksumHasher.Create(algorithm);
        foreach (var (checksum, _) in parts)
        {
            hasher.Append(Convert.FromBase64String(checksum.Base64Value));
        }

        var value = string.Create(CultureInfo.InvariantCulture, $"{hasher.GetCurrentHashBase64()}-{parts.Count}");
        return new ObjectChecksum(algorithm, value, ChecksumType.Composite);
    }

    /// <summary>A stored CRC is its big-endian bytes in base64: 4 for the 32-bit CRCs, 8 for CRC64NVME.</summary>
    private static ulong ReadCrc(ObjectChecksum checksum)
    {
        var bytes = Convert.FromBase64String(checksum.Base64Value);
        return bytes.Length == sizeof(ulong) ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
