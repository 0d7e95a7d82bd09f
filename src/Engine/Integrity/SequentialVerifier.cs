using Coffer.Engine.Checksums;
using Coffer.Engine.Model;

namespace Coffer.Engine.Integrity;

/// <summary>
/// Checks segments of an object against their stored CRC64NVME as a read streams them. A segment
/// is verified only when it is read from its first byte to its last, in order: the stored sum is
/// of the whole blob, so a ranged read that covers part of a segment cannot be checked (and is
/// not). Hashing runs on the bytes as they come from the disk, before they are handed on, so the
/// chunk that completes a bad segment is never sent. Not thread-safe: one per read.
/// </summary>
internal sealed class SequentialVerifier
{
    private int _segment = -1;
    private long _hashed;
    private ulong _crc;

    /// <summary>
    /// Takes in <paramref name="bytes"/>, read from segment number <paramref name="index"/> at
    /// <paramref name="offset"/> within it. Returns the CRC actually read when this completes the
    /// segment and the CRC differs from the stored one; null otherwise.
    /// </summary>
    public ulong? Observe(int index, BlobSegment segment, long offset, ReadOnlySpan<byte> bytes)
    {
        if (segment.ContentCrc64Nvme is not { } expected)
        {
            return null; // Written before content checksums were kept: unverifiable.
        }

        if (offset == 0)
        {
            (_segment, _hashed, _crc) = (index, 0, 0);
        }
        else if (_segment != index || _hashed != offset)
        {
            _segment = -1; // Not read in order from its start: a range, not verified.
            return null;
        }

        _crc = Crc64Nvme.Update(_crc, bytes);
        _hashed += bytes.Length;
        if (_hashed < segment.Length)
        {
            return null;
        }

        _segment = -1;
        return _crc == expected ? null : _crc;
    }
}
