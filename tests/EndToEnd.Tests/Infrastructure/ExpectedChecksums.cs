using System.Buffers.Binary;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>Checksums as S3 writes them in headers and XML: a CRC is its big-endian bytes in base64.</summary>
public static class ExpectedChecksums
{
    public static string Crc32(byte[] content) => Base64(Engine.Checksums.Crc32.Compute(content));

    public static string Crc64Nvme(byte[] content)
    {
        var bytes = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Engine.Checksums.Crc64Nvme.Compute(content));
        return Convert.ToBase64String(bytes);
    }

    private static string Base64(uint crc)
    {
        var bytes = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return Convert.ToBase64String(bytes);
    }
}
