namespace Coffer.Bench.Load.Bodies;

/// <summary>
/// The one block of random bytes every body is cut from. An object's byte at position p is
/// <c>Bytes[(start + p) % Length]</c>, where start depends on the key only: any body can be written without allocating,
/// and what a GET must return is known from the key and the size alone, whichever concurrent PUT won.
/// </summary>
internal static class PatternBlock
{
    /// <summary>Just over 1 MiB, and not a power of two, so that an object's parts do not repeat at part boundaries.</summary>
    public const int Length = (1 << 20) + 4099;

    // A fixed seed: runs with --no-prepare must cut the same bodies as the run that prepared them.
    private const int Seed = 0x0C0FFE12;

    public static ReadOnlyMemory<byte> Bytes { get; } = Create();

    /// <summary>Where a key's bodies start in the block: a hash of the key that is stable across processes.</summary>
    public static int StartOf(string key)
    {
        // FNV-1a: string.GetHashCode is randomised per process, which would break --no-prepare.
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (int)(hash % Length);
    }

    /// <summary>The consecutive slices of the block that make up a body of <paramref name="length"/> bytes.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Segments(long start, long length)
    {
        var offset = (int)(start % Length);
        var remaining = length;
        while (remaining > 0)
        {
            var take = (int)Math.Min(remaining, Length - offset);
            yield return Bytes.Slice(offset, take);
            remaining -= take;
            offset = 0;
        }
    }

    private static byte[] Create()
    {
        var bytes = new byte[Length];
        new Random(Seed).NextBytes(bytes);
        return bytes;
    }
}
