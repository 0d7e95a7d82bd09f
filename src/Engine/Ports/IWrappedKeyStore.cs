using Coffer.Engine.Model;

namespace Coffer.Engine.Ports;

/// <summary>
/// Every wrapped key the metadata holds: each sealed segment of each stored version, each sealed part of each open
/// upload, and each version of the key service's key material. For rewrapping them under a new master key (see
/// <see cref="Encryption.MasterKeyRotation"/>): the store lists and replaces bytes; which to replace, and with what,
/// the engine decides.
/// </summary>
public interface IWrappedKeyStore
{
    /// <summary>How many wrapped keys there are now, for a progress report.</summary>
    Task<long> CountWrappedKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> wrapped keys following <paramref name="after"/> (null: from the first), in a
    /// stable order, each page in one snapshot; an empty list ends the walk. Rows without a wrapped key (plaintext
    /// blobs) are not listed.
    /// </summary>
    Task<IReadOnlyList<StoredWrappedKey>> ListWrappedKeysAsync(WrappedKeyPosition? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces each wrapped key whose row still holds exactly <see cref="WrappedKeyReplacement.Expected"/>, all in one
    /// transaction; a row that changed or went meanwhile is left as it is. Returns how many were replaced.
    /// </summary>
    Task<int> ReplaceWrappedKeysAsync(IReadOnlyList<WrappedKeyReplacement> replacements, CancellationToken cancellationToken);
}

/// <summary>The kind of row that holds a wrapped key, in the order of the walk.</summary>
public enum WrappedKeyHolder
{
    /// <summary>A stored version's segment (a blob, or a small object's bytes kept inline).</summary>
    VersionSegment,

    /// <summary>A part of an open multipart upload.</summary>
    UploadPart,

    /// <summary>One version of a key service key's material.</summary>
    KmsKeyMaterial,
}

/// <summary>
/// Where a wrapped key lies in the walk, and which row to replace; opaque to everyone but the store that made it
/// (<paramref name="Name"/> is empty where rows are numbered only).
/// </summary>
public readonly record struct WrappedKeyPosition(WrappedKeyHolder Holder, long Row, long Sequence, string Name);

/// <summary>
/// One wrapped key and what it is bound to: the blob of a segment or part (<see cref="Blob"/>: the id it was sealed as,
/// which is another blob's for a segment copied from one, see <see cref="Model.BlobSegment.SealedAs"/>), or the key service
/// key and version of key material (<see cref="KmsKeyId"/>, <see cref="KmsKeyVersion"/>).
/// </summary>
public sealed record StoredWrappedKey(WrappedKeyPosition Position, byte[] Wrapped)
{
    public BlobId? Blob { get; init; }

    public string? KmsKeyId { get; init; }

    public int KmsKeyVersion { get; init; }
}

/// <summary>Put <paramref name="Replacement"/> where <paramref name="Expected"/> is still stored.</summary>
public sealed record WrappedKeyReplacement(WrappedKeyPosition Position, byte[] Expected, byte[] Replacement);
