namespace Coffer.TestKit.Faults;

/// <summary>A call of a storage port where a <see cref="FaultPlan"/> can make the storage fail.</summary>
public enum FaultPoint
{
    /// <summary>IBlobWriter.WriteAsync: a write of the body's bytes.</summary>
    BlobWrite,

    /// <summary>IBlobWriter.CommitAsync before the blob is renamed into place (a failed fsync): the blob never becomes visible.</summary>
    BlobCommitBeforeRename,

    /// <summary>IBlobWriter.CommitAsync after the rename (a failed directory fsync): the blob landed, but the caller sees an error.</summary>
    BlobCommitAfterRename,

    /// <summary>IBlobStore.OpenRead.</summary>
    BlobOpen,

    /// <summary>IBlobReader.ReadAsync: one read of a blob's bytes (arm the 2nd for a read failing mid-stream).</summary>
    BlobRead,

    /// <summary>IBlobStore.DeleteAsync.</summary>
    BlobDelete,

    /// <summary>IMetadataStore.WriteKeyAsync and WriteKeysAsync: any write to a key's versions or uploads (put, copy, part, complete, abort, delete, ACL, lifecycle).</summary>
    WriteKey,

    /// <summary>IMetadataStore.CreateUploadAsync.</summary>
    CreateUpload,


    /// <summary>IMetadataStore.ForgetBlobDeletionsAsync: the blobs a commit released are deleted, but that is not recorded.</summary>
    ForgetBlobDeletions,
}

/// <summary>How an armed fault fails its call.</summary>
public enum FaultKind
{
    /// <summary>The call throws an <see cref="IOException"/> (EIO) and does nothing.</summary>
    IoError,

    /// <summary>The call throws what a store out of space throws (the engine's StorageFull refusal) and does nothing.</summary>
    NoSpace,

    /// <summary>
    /// The call does its work, which lands durably, and then throws an <see cref="IOException"/>: an fsync error
    /// reported late. The caller cannot tell this from <see cref="IoError"/>, so it must not undo anything that a
    /// landed commit may reference.
    /// </summary>
    IoErrorAfterLanding,
}
