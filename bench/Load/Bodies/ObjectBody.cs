namespace Coffer.Bench.Load.Bodies;

/// <summary>What a key's object contains when it is <c>size</c> bytes long: where its pattern starts, and its hash.</summary>
internal static class ObjectBody
{
    public static PatternContent ContentFor(string key, long size)
    {
        return new PatternContent(PatternBlock.StartOf(key), size);
    }

    /// <summary>A part of a multipart upload: the bytes at <paramref name="offset"/> of the whole object's body.</summary>
    public static PatternContent PartContentFor(string key, long offset, long length)
    {
        return new PatternContent((PatternBlock.StartOf(key) + offset) % PatternBlock.Length, length);
    }

    /// <summary>
    /// Where <paramref name="data"/>, read at <paramref name="offset"/> of the key's object, first differs from what a
    /// PUT wrote there; -1 when it is all as written. Compares bytes, so a ranged GET needs no hash of its slice made
    /// beforehand and may start anywhere.
    /// </summary>
    public static int FirstDifference(string key, long offset, ReadOnlySpan<byte> data)
    {
        var checkedBytes = 0;
        foreach (var segment in PatternBlock.Segments(PatternBlock.StartOf(key) + offset, data.Length))
        {
            var received = data.Slice(checkedBytes, segment.Length);
            if (!received.SequenceEqual(segment.Span))
            {
                return checkedBytes + received.CommonPrefixLength(segment.Span);
            }

            checkedBytes += segment.Length;
        }

        return -1;
    }

    /// <summary>The hash a whole GET of the key must produce. Costs a pass over <paramref name="size"/> bytes: cache it.</summary>
    public static ulong ExpectedHash(string key, long size)
    {
        var hasher = new ContentHasher();
        foreach (var segment in PatternBlock.Segments(PatternBlock.StartOf(key), size))
        {
            hasher.Append(segment.Span);
        }

        return hasher.Finish();
    }
}
