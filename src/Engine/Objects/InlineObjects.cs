namespace Coffer.Engine.Objects;

/// <summary>
/// Small objects are kept in the metadata store, in the transaction that commits their version:
/// one fsync (the commit's, shared by concurrent writes) instead of the blob file's fsync, rename
/// and two directory fsyncs before it.
/// </summary>
public static class InlineObjects
{
    /// <summary>
    /// The largest body kept inline, and so the largest buffer a PUT holds in memory. 64 KiB keeps
    /// each buffer under the large object heap's 85,000-byte threshold (a PUT storm then churns only
    /// gen-0 memory) and a row at a few SQLite overflow pages; most of the benefit, the saved fsyncs,
    /// is the same at any size, while bigger objects spend their time streaming bytes anyway.
    /// </summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// Whether a body of <paramref name="declaredLength"/> bytes is kept inline. Only a length known
    /// before reading qualifies (a PUT's Content-Length), so the buffer is sized and bounded up
    /// front; an empty body needs no content at all.
    /// </summary>
    public static bool Fits(long? declaredLength) => declaredLength is > 0 and <= MaxBytes;
}
