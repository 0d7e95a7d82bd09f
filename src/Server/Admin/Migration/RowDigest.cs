using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// A SHA-256 over a table's rows in primary-key order, and their count, computed the same way from either database: each
/// value is encoded as SQLite holds it (see <see cref="ColumnValues.FromTarget"/>), tagged with its kind and, where its
/// length varies, prefixed by the length, so no two different rows encode alike.
/// </summary>
internal sealed class RowDigest : IDisposable
{
    private const byte Null = 0;
    private const byte Integer = 1;
    private const byte Text = 2;
    private const byte Bytes = 3;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Rows { get; private set; }

    public void Add(object?[] row)
    {
        _hash.AppendData(Encode(row));
        Rows++;
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public static byte[] Encode(object?[] values)
    {
        using var buffer = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    buffer.WriteByte(Null);
                    break;
                case long integer:
                    buffer.WriteByte(Integer);
                    BinaryPrimitives.WriteInt64BigEndian(number, integer);
                    buffer.Write(number);
                    break;
                case string text:
                    buffer.WriteByte(Text);
                    WriteWithLength(buffer, Encoding.UTF8.GetBytes(text));
                    break;
                case byte[] bytes:
                    buffer.WriteByte(Bytes);
                    WriteWithLength(buffer, bytes);
                    break;
                default:
                    throw new InvalidOperationException($"A value of type {value.GetType().Name} has no canonical encoding.");
            }
        }

        return buffer.ToArray();
    }

    private static void WriteWithLength(MemoryStream buffer, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(length, bytes.LongLength);
        buffer.Write(length);
        buffer.Write(bytes);
    }

    public void Dispose() => _hash.Dispose();
}
