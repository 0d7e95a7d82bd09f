using System.Globalization;

namespace Coffer.Engine.Encryption;

/// <summary>What is wrong with a sealed blob.</summary>
internal enum SealedDamage
{
    /// <summary>The blob holds fewer bytes than its plaintext length seals to (cut, or shrunk while open).</summary>
    Truncated,

    /// <summary>The blob holds more bytes than its plaintext length seals to (something appended).</summary>
    Extended,

    /// <summary>
    /// A segment's tag does not verify: its bytes were altered, or it was sealed at another position,
    /// as another blob, for another object or under another key.
    /// </summary>
    AuthenticationFailed,
}

/// <summary>
/// A sealed blob failed its checks; thrown before any byte of the failing segment is handed out.
/// The sealed reader knows the blob but not the object version it belongs to, so the engine,
/// which does, turns this into a <see cref="Integrity.BlobCorruptException"/> for the bitrot path.
/// </summary>
internal sealed class SealedBlobException : Exception
{
    public SealedBlobException(SealedDamage damage, long expectedLength, long actualLength, long? segment = null, Exception? inner = null)
        : base(Describe(damage, expectedLength, actualLength, segment), inner)
    {
        Damage = damage;
        ExpectedLength = expectedLength;
        ActualLength = actualLength;
        Segment = segment;
    }

    public SealedDamage Damage { get; }

    /// <summary>The sealed length the metadata implies.</summary>
    public long ExpectedLength { get; }

    /// <summary>The sealed length the blob store reported when the blob was opened.</summary>
    public long ActualLength { get; }

    /// <summary>The index of the segment that failed, when one did.</summary>
    public long? Segment { get; }

    private static string Describe(SealedDamage damage, long expected, long actual, long? segment) => damage switch
    {
        SealedDamage.AuthenticationFailed => string.Create(
            CultureInfo.InvariantCulture, $"Sealed segment {segment} failed authentication: altered, moved, or not this blob's."),
        SealedDamage.Extended => string.Create(
            CultureInfo.InvariantCulture, $"The sealed blob holds {actual} bytes, more than the {expected} its length seals to."),
        _ => string.Create(
            CultureInfo.InvariantCulture, $"The sealed blob holds fewer bytes than the {expected} its length seals to (reported {actual})."),
    };
}
