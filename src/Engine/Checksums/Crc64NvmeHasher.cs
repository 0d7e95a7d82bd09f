using System.Buffers.Binary;

namespace Coffer.Engine.Checksums;

internal sealed class Crc64NvmeHasher : ChecksumHasher
{
    private ulong _crc;

    public override void Append(ReadOnlySpan<byte> data) => _crc = Crc64Nvme.Update(_crc, data);

    public override byte[] GetCurrentHash()
    {
        var bytes = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _crc);
        return bytes;
    }
}
