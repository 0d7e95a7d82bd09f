using Coffer.Engine.Model;
using Coffer.Engine.Multipart;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Versions;

/// <summary>
/// The writes to a key's versions and uploads, each one <see cref="IMetadataStore.WriteKeyAsync"/> transaction running
/// <see cref="VersionRules"/> or <see cref="UploadRules"/>: the store keeps the changes only when the rule committed.
/// </summary>
public static class KeyWrites
{
    /// <summary>See <see cref="VersionRules.Commit"/>. The outcome's <see cref="CommitOutcome.Stored"/> carries the id given.</summary>
    public static Task<CommitOutcome> CommitVersionAsync(
        this IMetadataStore store, ObjectInfo version, WriteCondition condition, BlobOrigin origin, CancellationToken cancellationToken) =>
        store.WriteKeyAsync(version.Bucket, version.Key, keyTx => VersionRules.Commit(keyTx, version, condition, origin), Committed, cancellationToken);

    /// <summary>See <see cref="VersionRules.Complete"/>.</summary>
    public static Task<CommitOutcome> CompleteUploadAsync(
        this IMetadataStore store, UploadInfo upload, IReadOnlyList<SelectedPart> parts, ObjectInfo version, WriteCondition condition,
        CancellationToken cancellationToken) =>
        store.WriteKeyAsync(
            upload.Bucket, upload.Key, keyTx => VersionRules.Complete(keyTx, upload, parts, version, condition), Committed, cancellationToken);

    /// <summary>See <see cref="UploadRules.PutPart"/>.</summary>
    public static Task<CommitOutcome> PutPartAsync(
        this IMetadataStore store, string bucket, string key, string uploadId, PartInfo part, CancellationToken cancellationToken) =>
        store.WriteKeyAsync(bucket, key, keyTx => UploadRules.PutPart(keyTx, uploadId, part), Committed, cancellationToken);

    /// <summary>See <see cref="UploadRules.Abort"/>.</summary>
    public static Task<CommitOutcome> AbortUploadAsync(
        this IMetadataStore store, string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        store.WriteKeyAsync(bucket, key, keyTx => UploadRules.Abort(keyTx, uploadId), Committed, cancellationToken);

    /// <summary>See <see cref="VersionRules.DeleteCurrent"/>; a delete marker it adds is owned by <paramref name="owner"/>.</summary>
    public static Task<CommitOutcome> DeleteCurrentAsync(
        this IMetadataStore store, string bucket, string key, WriteCondition condition, string owner, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        store.WriteKeyAsync(bucket, key, keyTx => VersionRules.DeleteCurrent(keyTx, condition, owner, now), Committed, cancellationToken);

    /// <summary>As above, for a caller with no owner to record, at the present time.</summary>
    public static Task<CommitOutcome> DeleteCurrentAsync(
        this IMetadataStore store, string bucket, string key, WriteCondition condition, CancellationToken cancellationToken) =>
        store.DeleteCurrentAsync(bucket, key, condition, "", TimeProvider.System.StoreNow(), cancellationToken);

    /// <summary>See <see cref="VersionRules.DeleteVersion"/>.</summary>
    public static Task<CommitOutcome> DeleteVersionAsync(
        this IMetadataStore store, string bucket, string key, string versionId, bool bypassGovernance, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        store.WriteKeyAsync(bucket, key, keyTx => VersionRules.DeleteVersion(keyTx, versionId, bypassGovernance, now), Committed, cancellationToken);

    /// <summary>See <see cref="VersionRules.SetAcl"/>.</summary>
    public static Task<CommitStatus> SetVersionAclAsync(
        this IMetadataStore store, string bucket, string key, string versionId, string? acl, CancellationToken cancellationToken) =>
        store.WriteKeyAsync(bucket, key, keyTx => VersionRules.SetAcl(keyTx, versionId, acl), status => status == CommitStatus.Committed, cancellationToken);

    /// <summary>
    /// See <see cref="VersionRules.Rewind"/>. With <paramref name="dryRun"/> the rule runs exactly as it would, and its
    /// changes are rolled back: the outcome says what it would have added.
    /// </summary>
    public static Task<CommitOutcome> RewindKeyAsync(
        this IMetadataStore store, string bucket, string key, DateTimeOffset instant, string owner, DateTimeOffset now, bool dryRun,
        CancellationToken cancellationToken) =>
        store.WriteKeyAsync(
            bucket, key, keyTx => VersionRules.Rewind(keyTx, instant, owner, now), outcome => !dryRun && Committed(outcome), cancellationToken);

    /// <summary>See <see cref="VersionRules.SetTags"/>.</summary>
    public static Task<CommitStatus> SetVersionTagsAsync(
        this IMetadataStore store, string bucket, string key, string versionId, TagSet tags, CancellationToken cancellationToken) =>
        store.WriteKeyAsync(bucket, key, keyTx => VersionRules.SetTags(keyTx, versionId, tags), status => status == CommitStatus.Committed, cancellationToken);

    /// <summary>See <see cref="VersionRules.SetRetention"/>.</summary>
    public static Task<CommitStatus> SetVersionRetentionAsync(
        this IMetadataStore store, string bucket, string key, string versionId, ObjectRetention? retention, bool bypassGovernance, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        store.WriteKeyAsync(
            bucket, key, keyTx => VersionRules.SetRetention(keyTx, versionId, retention, bypassGovernance, now), status => status == CommitStatus.Committed,
            cancellationToken);

    /// <summary>See <see cref="VersionRules.SetLegalHold"/>.</summary>
    public static Task<CommitStatus> SetVersionLegalHoldAsync(
        this IMetadataStore store, string bucket, string key, string versionId, LegalHoldStatus legalHold, CancellationToken cancellationToken) =>
        store.WriteKeyAsync(
            bucket, key, keyTx => VersionRules.SetLegalHold(keyTx, versionId, legalHold), status => status == CommitStatus.Committed, cancellationToken);

    private static bool Committed(CommitOutcome outcome) => outcome.Status == CommitStatus.Committed;
}
