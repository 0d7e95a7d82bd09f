namespace Coffer.Engine.Storage;

/// <summary>
/// The byte range of keys a scan covers, reduced to one lower bound and at most one upper bound,
/// so that the database can turn it into a single index range seek.
/// </summary>
public readonly record struct KeyRange(byte[] From, bool FromInclusive, byte[]? Before)
{
    /// <summary>
    /// Keys greater than <paramref name="after"/> (or equal, when <paramref name="inclusive"/>)
    /// that start with <paramref name="prefix"/>.
    /// </summary>
    public static KeyRange For(ReadOnlySpan<byte> after, bool inclusive, ReadOnlySpan<byte> prefix)
    {
        // Two lower bounds collapse into the larger one. A database may seek on only one of them
        // and filter row by row on the other, which could walk far outside the page.
        var useAfter = after.SequenceCompareTo(prefix) >= 0;
        var from = useAfter ? after.ToArray() : prefix.ToArray();
        return new KeyRange(from, !useAfter || inclusive, UpperBound(prefix));
    }

    /// <summary>
    /// The smallest byte string greater than every string that starts with
    /// <paramref name="prefix"/>: drop trailing 0xFF bytes, then add one to the last byte. Null
    /// when there is none (an empty prefix, or one made only of 0xFF bytes).
    /// </summary>
    public static byte[]? UpperBound(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == 0xFF)
        {
            end--;
        }

        if (end == 0)
        {
            return null;
        }

        var bound = prefix[..end].ToArray();
        bound[^1]++;
        return bound;
    }
}
