using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Multipart;

/// <summary>
/// S3's rules for an open upload's parts, run inside one write transaction over <see cref="IKeyTransaction"/>: which
/// blobs a replaced part or an aborted upload lets go. (Completion is <see cref="Versions.VersionRules.Complete"/>: it
/// installs a version.) The store only keeps what these rules decide.
/// </summary>
public static class UploadRules
{
    /// <summary>
    /// Stores a part of an open upload, replacing any part with the same number; the replaced part's blob is released.
    /// NoSuchUpload when the upload is gone (then nothing changes, and the caller still owns the part's blob).
    /// </summary>
    public static CommitOutcome PutPart(IKeyTransaction keyTx, string uploadId, PartInfo part)
    {
        if (keyTx.FindOpenUpload(uploadId) is not { } upload)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchUpload);
        }

        // A retried request may name the same blob again; only a different one is let go.
        return keyTx.PutPart(upload, part) is { } replaced && replaced != part.Blob
            ? new CommitOutcome(CommitStatus.Committed, keyTx.ReleaseUnreferenced([replaced]))
            : CommitOutcome.Of(CommitStatus.Committed);
    }

    /// <summary>Removes an upload and its parts, releasing their blobs. NoSuchUpload when there is no such upload.</summary>
    public static CommitOutcome Abort(IKeyTransaction keyTx, string uploadId)
    {
        if (keyTx.FindUpload(uploadId) is not { } upload)
        {
            return CommitOutcome.Of(CommitStatus.NoSuchUpload);
        }

        keyTx.RemoveUpload(upload);
        return new CommitOutcome(CommitStatus.Committed, keyTx.ReleaseUnreferenced(upload.Parts.Values));
    }
}
