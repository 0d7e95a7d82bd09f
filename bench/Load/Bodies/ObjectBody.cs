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
