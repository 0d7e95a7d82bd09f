using System.Buffers.Binary;

namespace Coffer.Engine.Checksums;

internal sealed class Crc32Hasher : ChecksumHasher
{
    private uint _crc;

    public override void Append(ReadOnlySpan<byte> data) => _crc = Crc32.Update(_crc, data);

    public override byte[] GetCurrentHash()
    {
        var bytes = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _crc);
        return bytes;
    }
}
