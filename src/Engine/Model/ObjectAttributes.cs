namespace Coffer.Engine.Model;

/// <summary>
/// The attributes an object carries from its write to every read: what PutObject and
/// CreateMultipartUpload are given, what an open upload and a stored version keep, and what GET and
/// HEAD answer with. One record, so that each attribute (tags, object lock, later encryption) is added
/// here once, rather than to every request and record that carries an object's attributes.
/// </summary>
public sealed record ObjectAttributes
{
    /// <summary>No content headers, the STANDARD class, no owner recorded, the default ACL, no tags, no lock.</summary>
    public static readonly ObjectAttributes Default = new();

    public ObjectHeaders Headers { get; init; } = ObjectHeaders.Empty;

    public string StorageClass { get; init; } = StorageClasses.Standard;

    public string Owner { get; init; } = "";

    /// <summary>
    /// The access control list, in the protocol layer's stored form (the engine does not read it);
    /// null means the default: the owner has full control and nobody else anything.
    /// </summary>
    public string? Acl { get; init; }

    public TagSet Tags { get; init; } = TagSet.Empty;

    /// <summary>
    /// The version's retention. On a write, null means "the bucket's default retention, if it has one", which the
    /// commit applies inside its transaction; on a stored version, null means none.
    /// </summary>
    public ObjectRetention? Retention { get; init; }

    public LegalHoldStatus LegalHold { get; init; } = LegalHoldStatus.Off;

    /// <summary>How the object is encrypted at rest; null when it is not. Its blobs are then sealed (<see cref="BlobSegment.SealedKey"/>).</summary>
    public ObjectEncryption? Encryption { get; init; }
}
