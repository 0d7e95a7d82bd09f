using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Coffer.Bench.Load.Bodies;

/// <summary>
/// A fast 64-bit hash, fed in pieces of any size, that gives the same value however a body is split: enough to
/// detect a corrupt, shifted or mixed-up body, and not cryptographic. Four independent lanes over 32-byte stripes
/// keep the multipliers busy, so it runs at several GB/s per core. One instance per worker; not thread-safe.
/// </summary>
internal sealed class ContentHasher
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const int StripeBytes = 32;

    private readonly byte[] _pending = new byte[StripeBytes];
    private int _pendingCount;
    private ulong _lane0;
    private ulong _lane1;
    private ulong _lane2;
    private ulong _lane3;
    private long _totalBytes;

    public ContentHasher()
    {
        Reset();
    }

    public long TotalBytes => _totalBytes;

    public void Reset()
    {
        _lane0 = unchecked(Prime1 + Prime2);
        _lane1 = Prime2;
        _lane2 = 0;
        _lane3 = unchecked(0 - Prime1);
        _pendingCount = 0;
        _totalBytes = 0;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _totalBytes += data.Length;

        // 1. Complete a stripe left over from the previous piece.
        if (_pendingCount > 0)
        {
            var take = Math.Min(StripeBytes - _pendingCount, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            data = data[take..];
            if (_pendingCount < StripeBytes)
            {
                return;
            }

            MixStripes(_pending);
            _pendingCount = 0;
        }

        // 2. Whole stripes straight from the caller's buffer.
        var whole = data.Length - (data.Length % StripeBytes);
        MixStripes(data[..whole]);

        // 3. Keep the rest for the next piece.
        data[whole..].CopyTo(_pending);
        _pendingCount = data.Length - whole;
    }

    public ulong Finish()
    {
        var hash = BitOperations.RotateLeft(_lane0, 1) + BitOperations.RotateLeft(_lane1, 7)
            + BitOperations.RotateLeft(_lane2, 12) + BitOperations.RotateLeft(_lane3, 18);
        hash ^= (ulong)_totalBytes;
        for (var i = 0; i < _pendingCount; i++)
        {
            hash = BitOperations.RotateLeft(hash ^ (_pending[i] * Prime1), 11) * Prime2;
        }

        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        return hash;
    }

    private void MixStripes(ReadOnlySpan<byte> stripes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(stripes);
        ulong a = _lane0, b = _lane1, c = _lane2, d = _lane3;
        for (var i = 0; i + 3 < words.Length; i += 4)
        {
            a = Round(a, Word(words[i]));
            b = Round(b, Word(words[i + 1]));
            c = Round(c, Word(words[i + 2]));
            d = Round(d, Word(words[i + 3]));
        }

        (_lane0, _lane1, _lane2, _lane3) = (a, b, c, d);
    }

    private static ulong Word(ulong raw)
    {
        // The same value on any byte order, so a hash means the same on every machine.
        return BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
    }

    private static ulong Round(ulong lane, ulong word)
    {
        return BitOperations.RotateLeft(lane + (word * Prime2), 31) * Prime1;
    }
}
