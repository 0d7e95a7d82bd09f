using Coffer.Engine.Archive;
using Coffer.Engine.Encryption;
using Coffer.Engine.Errors;
using Coffer.Engine.Integrity;
using Coffer.Engine.Kms;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Tiers;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Objects;

/// <summary>Objects: put, read, copy, delete. Knows no HTTP; speaks in domain types.</summary>
/// <param name="sealing">Seals the blobs of encrypted objects and opens them; without it, encryption is refused.</param>
/// <param name="accesses">Records the reads and copies Intelligent-Tiering counts as accesses; without it, none is recorded.</param>
public sealed class ObjectEngine(
    IMetadataStore metadata, IBlobStore blobs, BlobReleaser releaser, TimeProvider clock, BlobSealing? sealing = null, Tiering.AccessRecorder? accesses = null)
{
    /// <summary>Times a read retries when an overwrite deleted the blob between lookup and open.</summary>
    private const int OpenAttempts = 3;

    /// <summary>
    /// The write path of DESIGN.md: stream into a temporary blob while hashing, verify, make the
    /// blob durable, then commit the metadata in one transaction (with the write condition
    /// checked inside it). Only then is the write acknowledged, and only then is the replaced
    /// version's blob released.
    /// </summary>
    public async Task<ObjectInfo> PutAsync(PutObjectRequest request, Stream body, CancellationToken cancellationToken)
    {
        var bucket = await RequireBucketAsync(request.Bucket, cancellationToken);
        if (request.LockNeedsClientDigest && request.ContentMd5 is null && request.ExpectedChecksum is null
            && ObjectLockRules.WillHold(request.Attributes, bucket))
        {
            throw ObjectLockRules.ClientDigestMissing("Put Object");
        }

        // Chosen now, from the bucket as read above, because the body is sealed as it streams in; the commit checks
        // that the bucket's default still agrees (see DefaultEncryptionRules.Obeys).
        var attributes = await EncryptionForAsync(request.Attributes, bucket, request.KeyUse, request.CustomerKey, cancellationToken);

        // Fail fast on a condition that already fails, before reading a possibly large body;
        // the commit checks it again atomically.
        await CheckWriteConditionAsync(request.Bucket, request.Key, request.Condition, cancellationToken);

        var options = new BodyIngestOptions
        {
            DeclaredLength = request.DeclaredLength,
            MaxLength = EngineLimits.MaxSinglePutBytes,
            ExpectedMd5 = request.ContentMd5,
            ChecksumAlgorithm = request.ChecksumAlgorithm,
            ExpectedChecksum = request.ExpectedChecksum,
            MayInline = true,
            StorageClass = attributes.StorageClass,
            Encryption = attributes.Encryption,
            Sealing = RequireSealing(attributes),
            CustomerKey = request.CustomerKey,
        };
        var ingested = await BodyIngest.WriteAsync(blobs, body, options, cancellationToken);

        var version = IngestedVersion(request.Bucket, request.Key, ingested, attributes);

        // The client may hang up now, but the blob is durable and the commit must not be torn.
        var outcome = await metadata.CommitVersionAsync(version, request.Condition, BlobOrigin.NewlyWritten, CancellationToken.None);
        if (outcome.Status != CommitStatus.Committed)
        {
            if (ingested.StoredBlob is { } orphan)
            {
                await blobs.DeleteAsync(orphan, CancellationToken.None);
            }

            // The condition held before the body was read, so a key gone by the commit was deleted
            // while this write was in flight: S3 calls that a conflict (409), not a missing key.
            throw outcome.Status == CommitStatus.NotFound
                ? new EngineException(EngineError.ConditionalRequestConflict)
                : CommitFailure(outcome.Status);
        }

        await releaser.ReleaseQuietlyAsync(outcome.ReleasedBlobs);
        return outcome.Stored!;
    }

    /// <summary>The version a put (or a copy that rewrote its source) commits, of the bytes it ingested; its ETag is their MD5.</summary>
    /// <remarks>The version id is the commit's to give: it reads the bucket's versioning inside its transaction.</remarks>
    private ObjectInfo IngestedVersion(BucketName bucket, ObjectKey key, IngestedBody ingested, ObjectAttributes attributes) => new()
    {
        Bucket = bucket.Value,
        Key = key.Value,
        VersionId = VersionIds.Null,
        Size = ingested.Length,
        ETag = '"' + Convert.ToHexStringLower(ingested.Md5) + '"',
        LastModified = clock.StoreNow(),
        Attributes = attributes,
        Checksum = ingested.Checksum,
        Segments = ingested.Segments,
    };

    /// <summary>
    /// The attributes with the encryption a new object gets (the one asked for, else the bucket's default), its KMS key
    /// resolved to an ARN and found usable by this caller (see <see cref="BlobSealing.PrepareAsync"/>). A customer key
    /// asks for SSE-C, which a bucket default never overrides.
    /// </summary>
    internal async Task<ObjectAttributes> EncryptionForAsync(
        ObjectAttributes asked, BucketInfo bucket, IKeyUseCheck? keyUse, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        if (customerKey is not null && asked.Encryption is not null)
        {
            throw new EngineException(EngineError.InvalidArgument, "Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
        }

        var attributes = asked with
        {
            Encryption = customerKey is not null ? CustomerKeyRules.For(customerKey) : DefaultEncryptionRules.For(asked.Encryption, bucket),
        };
        return RequireSealing(attributes) is { } sealer
            ? attributes with { Encryption = await sealer.PrepareAsync(attributes.Encryption!, keyUse, cancellationToken) }
            : attributes;
    }

    /// <summary>Asks whether the caller may decrypt (or seal with) the KMS key of an object that has one.</summary>
    internal static async Task RequireKeyUseAsync(ObjectAttributes attributes, KeyUse use, IKeyUseCheck? keyUse, CancellationToken cancellationToken)
    {
        if (attributes.Encryption is { UsesKms: true, KmsKeyId: { } arn })
        {
            await (keyUse ?? throw new InvalidOperationException("Using an object's KMS key needs the caller's key use checked.")).RequireAsync(use, arn, cancellationToken);
        }
    }

    /// <summary>What seals the blobs of an object (or an upload's parts) with these attributes: none when it is not encrypted.</summary>
    internal BlobSealing? RequireSealing(ObjectAttributes attributes) => attributes.Encryption is null
        ? null
        : sealing ?? throw new EngineException(EngineError.NotImplemented, "This server has no master key, so it cannot encrypt objects.");

    /// <summary>Replaces the ACL of the latest version, or of the one named (PutObjectAcl); null is the default ACL.</summary>
    public Task SetAclAsync(BucketName bucket, ObjectKey key, VersionId? versionId, string? acl, CancellationToken cancellationToken) =>
        ChangeVersionAsync(bucket, key, versionId, id => metadata.SetVersionAclAsync(bucket.Value, key.Value, id, acl, CancellationToken.None), cancellationToken);

    /// <summary>
    /// Replaces the tags of the current version, or of the one named (PutObjectTagging); the empty set removes them
    /// (DeleteObjectTagging). The version is resolved as <see cref="HeadAsync(BucketName, ObjectKey, VersionId?, CancellationToken)"/>
    /// resolves it (NoSuchKey, NoSuchVersion, a named delete marker DeleteMarkerNamed), and that version is the one
    /// tagged, even if another became current meanwhile. Returns the version as it was before the change.
    /// </summary>
    public Task<ObjectInfo> SetTagsAsync(BucketName bucket, ObjectKey key, VersionId? versionId, TagSet tags, CancellationToken cancellationToken) =>
        ChangeVersionAsync(bucket, key, versionId, id => metadata.SetVersionTagsAsync(bucket.Value, key.Value, id, tags, CancellationToken.None), cancellationToken);

    /// <summary>
    /// PutObjectRetention: replaces the retention of the latest version, or of the one named, as
    /// <see cref="VersionRules.SetRetention"/> allows. InvalidRequest on a bucket without object lock; ObjectLocked
    /// for a change the current retention forbids; a delete marker is refused as HeadObject refuses it.
    /// </summary>
    public async Task SetRetentionAsync(
        BucketName bucket, ObjectKey key, VersionId? versionId, ObjectRetention? retention, bool bypassGovernance, CancellationToken cancellationToken)
    {
        await RequireObjectLockAsync(bucket, cancellationToken);
        var version = await HeadAsync(bucket, key, versionId, cancellationToken);
        var status = await metadata.SetVersionRetentionAsync(
            bucket.Value, key.Value, version.VersionId, retention, bypassGovernance, clock.StoreNow(), CancellationToken.None);
        ThrowUnlessCommitted(status);
    }

    /// <summary>PutObjectLegalHold: puts a hold on the latest version, or on the one named, or takes it off.</summary>
    public async Task SetLegalHoldAsync(BucketName bucket, ObjectKey key, VersionId? versionId, LegalHoldStatus legalHold, CancellationToken cancellationToken)
    {
        await RequireObjectLockAsync(bucket, cancellationToken);
        var version = await HeadAsync(bucket, key, versionId, cancellationToken);
        var status = await metadata.SetVersionLegalHoldAsync(bucket.Value, key.Value, version.VersionId, legalHold, CancellationToken.None);
        ThrowUnlessCommitted(status);
    }

    /// <summary>
    /// The version whose lock settings GetObjectRetention and GetObjectLegalHold read: InvalidRequest on a bucket
    /// without object lock (checked first, as S3 does), then as <see cref="HeadAsync(BucketName, ObjectKey, VersionId?, CancellationToken)"/>.
    /// </summary>
    public async Task<ObjectInfo> HeadLockedAsync(BucketName bucket, ObjectKey key, VersionId? versionId, CancellationToken cancellationToken)
    {
        await RequireObjectLockAsync(bucket, cancellationToken);
        return await HeadAsync(bucket, key, versionId, cancellationToken);
    }

    private async Task RequireObjectLockAsync(BucketName bucket, CancellationToken cancellationToken)
    {
        var info = await metadata.GetBucketAsync(bucket.Value, cancellationToken) ?? throw new EngineException(EngineError.NoSuchBucket);
        if (info.ObjectLock is null)
        {
            throw CommitFailure(CommitStatus.ObjectLockNotEnabled);
        }
    }

    private static void ThrowUnlessCommitted(CommitStatus status)
    {
        if (status != CommitStatus.Committed)
        {
            // NotFound: deleted between the read and the write.
            throw status == CommitStatus.NotFound ? new EngineException(EngineError.NoSuchKey) : CommitFailure(status);
        }
    }

    /// <summary>The latest version's metadata, without opening its content (HeadObject).</summary>
    public Task<ObjectInfo> HeadAsync(BucketName bucket, ObjectKey key, CancellationToken cancellationToken) =>
        HeadAsync(bucket, key, null, cancellationToken);

    /// <summary>
    /// The metadata of the version named by <paramref name="versionId"/>, or of the current one when it is null. A key
    /// with no such version is NoSuchVersion; a key with no current version, when none was named, is NoSuchKey (with
    /// the delete marker that hides it, if one does). A delete marker named by id is DeleteMarkerNamed: it has no
    /// content to serve.
    /// </summary>
    public async Task<ObjectInfo> HeadAsync(BucketName bucket, ObjectKey key, VersionId? versionId, CancellationToken cancellationToken)
    {
        if (versionId is { } wanted)
        {
            var named = await metadata.GetVersionAsync(bucket.Value, key.Value, wanted.Value, cancellationToken);
            if (named is null)
            {
                await RequireBucketAsync(bucket, cancellationToken);
                throw new EngineException(EngineError.NoSuchVersion);
            }

            return named.IsDeleteMarker
                ? throw new EngineException(EngineError.DeleteMarkerNamed) { DeleteMarker = named }
                : named;
        }

        var info = await metadata.GetLatestAsync(bucket.Value, key.Value, cancellationToken);
        if (info is null)
        {
            await RequireBucketAsync(bucket, cancellationToken);
            throw new EngineException(EngineError.NoSuchKey);
        }

        return info.IsDeleteMarker ? throw new EngineException(EngineError.NoSuchKey) { DeleteMarker = info } : info;
    }

    /// <summary>The latest version with its content opened for streaming (GetObject).</summary>
    public Task<OpenedObject> OpenAsync(BucketName bucket, ObjectKey key, CancellationToken cancellationToken) =>
        OpenAsync(bucket, key, null, null, null, cancellationToken);

    /// <inheritdoc cref="OpenAsync(BucketName, ObjectKey, VersionId?, IKeyUseCheck?, CustomerKey?, CancellationToken)"/>
    public Task<OpenedObject> OpenAsync(BucketName bucket, ObjectKey key, VersionId? versionId, IKeyUseCheck? keyUse, CancellationToken cancellationToken) =>
        OpenAsync(bucket, key, versionId, keyUse, null, cancellationToken);

    /// <summary>The version named by <paramref name="versionId"/> (the latest when null), its content opened for streaming.</summary>
    /// <param name="keyUse">Asked for kms:Decrypt before an SSE-KMS object's key is used; needed for such an object.</param>
    /// <param name="customerKey">The request's SSE-C key: needed for an SSE-C object, refused for any other (see <see cref="CustomerKeyRules"/>).</param>
    public async Task<OpenedObject> OpenAsync(
        BucketName bucket, ObjectKey key, VersionId? versionId, IKeyUseCheck? keyUse, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var info = ArchiveReads.Readable(await HeadAsync(bucket, key, versionId, cancellationToken), clock.GetUtcNow());
            CustomerKeyRules.RequireForRead(info.Attributes, customerKey);
            await RequireKeyUseAsync(info.Attributes, KeyUse.Decrypt, keyUse, cancellationToken);
            try
            {
                var opened = await OpenVersionAsync(info, customerKey, cancellationToken);
                accesses?.Record(info);
                return opened;
            }
            catch (BlobNotFoundException) when (attempt < OpenAttempts)
            {
                // An overwrite or delete committed between our lookup and the open; look again.
            }
            catch (BlobNotFoundException)
            {
                // Looked up afresh each time and still named, yet gone each time: lost, not raced.
                throw IntegrityCounters.Counted(new BlobCorruptException(info, info.Segments[0].Blob, BlobDamage.Missing));
            }
        }
    }

    /// <summary>A version already looked up (and its key checked), opened at its first segment.</summary>
    /// <exception cref="BlobNotFoundException">A blob of the version is gone: it was overwritten or deleted meanwhile.</exception>
    private async Task<OpenedObject> OpenVersionAsync(ObjectInfo info, CustomerKey? customerKey, CancellationToken cancellationToken) =>
        info.Segments.Count == 0
            ? new OpenedObject(info, blobs, sealing, null, customerKey)
            : new OpenedObject(info, blobs, sealing, await OpenedObject.OpenSegmentAsync(blobs, sealing, info, 0, customerKey, cancellationToken), customerKey);

    /// <summary>Deletes the current version of a key (see the request form). Deleting a key that does not exist succeeds, as in S3.</summary>
    public Task<DeleteResult> DeleteAsync(BucketName bucket, ObjectKey key, WriteCondition condition, CancellationToken cancellationToken) =>
        DeleteAsync(new DeleteObjectRequest { Bucket = bucket, Key = key, Condition = condition }, cancellationToken);

    public Task<DeleteResult> DeleteAsync(BucketName bucket, ObjectKey key, VersionId? versionId, WriteCondition condition, CancellationToken cancellationToken) =>
        DeleteAsync(new DeleteObjectRequest { Bucket = bucket, Key = key, VersionId = versionId, Condition = condition }, cancellationToken);

    /// <summary>
    /// DeleteObject. Without a version id, what the bucket's versioning says (see <see cref="VersionRules.DeleteCurrent"/>):
    /// the version goes, or a delete marker hides it. With one, that version goes for good; naming a version that
    /// does not exist deletes nothing and succeeds, as in S3: a delete of one version never falls back to another.
    /// Object lock refuses with ObjectLocked.
    /// </summary>
    public async Task<DeleteResult> DeleteAsync(DeleteObjectRequest request, CancellationToken cancellationToken)
    {
        var (bucket, key) = (request.Bucket.Value, request.Key.Value);
        var now = clock.StoreNow();
        if (request.VersionId is { } wanted)
        {
            var removal = await metadata.DeleteVersionAsync(bucket, key, wanted.Value, request.BypassGovernance, now, cancellationToken);
            switch (removal.Status)
            {
                case CommitStatus.Committed:
                    await releaser.ReleaseQuietlyAsync(removal.ReleasedBlobs);
                    return new DeleteResult(wanted.Value, removal.Removed!.IsDeleteMarker);
                case CommitStatus.NotFound:
                    return new DeleteResult(wanted.Value, false);
                default:
                    throw CommitFailure(removal.Status);
            }
        }

        var outcome = await metadata.DeleteCurrentAsync(bucket, key, request.Condition, request.Requester, now, cancellationToken);
        switch (outcome.Status)
        {
            case CommitStatus.Committed:
                await releaser.ReleaseQuietlyAsync(outcome.ReleasedBlobs);
                return outcome.Stored is { } marker ? new DeleteResult(marker.VersionId, true) : DeleteResult.Nothing;
            case CommitStatus.NotFound when request.Condition.ETagMustMatch is null:
                return DeleteResult.Nothing;
            default:
                throw CommitFailure(outcome.Status);
        }
    }

    /// <summary>
    /// CopyObject. A copy encrypted as its source is (see <see cref="CopyEncryptionRules"/>), with the source's checksum
    /// algorithm, copies no bytes: the new version shares the source's immutable blobs, and the metadata store keeps a
    /// blob until no version references it. Any other copy reads the source (decrypted) and writes it again as a put
    /// writes, sealed under the copy's encryption and checksummed with its algorithm.
    /// </summary>
    public async Task<CopiedObject> CopyAsync(CopyObjectRequest request, CancellationToken cancellationToken)
    {
        var destination = await RequireBucketAsync(request.Bucket, cancellationToken);
        if (request.CustomerKey is not null && request.Encryption is not null)
        {
            throw new EngineException(EngineError.InvalidArgument, "Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
        }

        for (var attempt = 1; ; attempt++)
        {
            var source = ArchiveReads.Readable(
                await HeadAsync(request.SourceBucket, request.SourceKey, request.SourceVersion, cancellationToken), clock.GetUtcNow(), asCopySource: true);
            if (ReadPreconditionEvaluator.Evaluate(request.SourceConditions, source.ETag, source.LastModified) != PreconditionOutcome.Proceed)
            {
                // For a copy, "not modified" is a failed precondition too (S3 answers 412 for both).
                throw new EngineException(EngineError.PreconditionFailed);
            }

            CustomerKeyRules.RequireForRead(source.Attributes, request.SourceCustomerKey);
            await RequireKeyUseAsync(source.Attributes, KeyUse.Decrypt, request.KeyUse, cancellationToken);

            var asked = request.AttributesOver(source.Attributes) with
            {
                Encryption = CopyEncryptionRules.Asked(request.Encryption, request.CustomerKey, source.Attributes, destination, request.SourceCustomerKey),
            };
            var attributes = RequireSealing(asked) is { } sealer
                ? asked with { Encryption = await sealer.PrepareAsync(asked.Encryption!, request.KeyUse, cancellationToken) }
                : asked;
            var sharesBlobs = CopyEncryptionRules.MayShareBlobs(source.Attributes.Encryption, attributes.Encryption)
                && (request.ChecksumAlgorithm is not { } wanted || source.Checksum?.Algorithm == wanted)
                && LiesWhereItsClassLives(source, attributes.StorageClass);

            var outcome = sharesBlobs
                ? await CommitSharedCopyAsync(request, source, attributes)
                : await RewriteCopyAsync(request, source, attributes, cancellationToken);
            if (outcome.Status == CommitStatus.SourceGone && attempt < OpenAttempts)
            {
                continue; // The source changed under us; read it again.
            }

            if (outcome.Status != CommitStatus.Committed)
            {
                throw CommitFailure(outcome.Status == CommitStatus.SourceGone ? CommitStatus.NotFound : outcome.Status);
            }

            await releaser.ReleaseQuietlyAsync(outcome.ReleasedBlobs);
            accesses?.Record(source);
            return new CopiedObject(outcome.Stored!, source);
        }
    }

    /// <summary>
    /// True when every blob of the version lies where objects of <paramref name="storageClass"/> live: a copy may then
    /// share them; otherwise it is written again in its own class's place, so that a class always means a place.
    /// </summary>
    private bool LiesWhereItsClassLives(ObjectInfo version, string storageClass)
    {
        var place = blobs.TierOf(storageClass);
        return version.Segments.All(segment => segment.InlineContent is not null ? place is null : segment.Blob.Tier == place);
    }

    /// <summary>Commits a copy that shares its source's blobs; SourceGone when the source lost them meanwhile.</summary>
    private Task<CommitOutcome> CommitSharedCopyAsync(CopyObjectRequest request, ObjectInfo source, ObjectAttributes attributes)
    {
        var version = source with
        {
            UploadId = null,
            Restore = null,
            Tiering = null,
            Bucket = request.Bucket.Value,
            Key = request.Key.Value,
            VersionId = VersionIds.Null,
            LastModified = clock.StoreNow(),
            Attributes = attributes,
            IsLatest = true,
        };
        return metadata.CommitVersionAsync(version, request.Condition, BlobOrigin.SharedWithStoredVersions, CancellationToken.None);
    }

    /// <summary>
    /// Reads the source version and writes it again as a new object, under the copy's encryption and checksum: the
    /// re-encrypting copy. SourceGone when an overwrite of the source deleted a blob before it was read (the partial
    /// copy is discarded with its writer). The copy is one part, whatever the source's, so its ETag is its MD5, as S3's is.
    /// </summary>
    private async Task<CommitOutcome> RewriteCopyAsync(CopyObjectRequest request, ObjectInfo source, ObjectAttributes attributes, CancellationToken cancellationToken)
    {
        if (source.Size > EngineLimits.MaxSinglePutBytes)
        {
            throw new EngineException(
                EngineError.InvalidRequest,
                $"The specified copy source is larger than the maximum allowable size for a copy source: {EngineLimits.MaxSinglePutBytes}");
        }

        await CheckWriteConditionAsync(request.Bucket, request.Key, request.Condition, cancellationToken);
        IngestedBody ingested;
        try
        {
            using var opened = await OpenVersionAsync(source, request.SourceCustomerKey, cancellationToken);
            await using var content = opened.OpenRange(0, source.Size);
            var options = new BodyIngestOptions
            {
                DeclaredLength = source.Size,
                MaxLength = EngineLimits.MaxSinglePutBytes,
                ChecksumAlgorithm = request.ChecksumAlgorithm ?? source.Checksum?.Algorithm ?? ChecksumAlgorithm.Crc64Nvme,
                MayInline = true,
                StorageClass = attributes.StorageClass,
                Encryption = attributes.Encryption,
                Sealing = RequireSealing(attributes),
                CustomerKey = request.CustomerKey,
            };
            ingested = await BodyIngest.WriteAsync(blobs, content, options, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            return new CommitOutcome(CommitStatus.SourceGone, []);
        }

        var version = IngestedVersion(request.Bucket, request.Key, ingested, attributes);

        // The copy's blob is durable; the client hanging up must not tear the commit.
        var outcome = await metadata.CommitVersionAsync(version, request.Condition, BlobOrigin.NewlyWritten, CancellationToken.None);
        if (outcome.Status != CommitStatus.Committed && ingested.StoredBlob is { } orphan)
        {
            await blobs.DeleteAsync(orphan, CancellationToken.None);
        }

        // As for a put: the condition held before the source was read, so a key gone by the commit is a conflict.
        return outcome.Status == CommitStatus.NotFound ? throw new EngineException(EngineError.ConditionalRequestConflict) : outcome;
    }

    /// <summary>
    /// Resolves the version a request acts on, as <see cref="HeadAsync(BucketName, ObjectKey, VersionId?, CancellationToken)"/>
    /// does, then runs one write on that version by id (not on whatever is current by then). The write is not
    /// cancelled once started, so a client hanging up cannot leave it half done.
    /// </summary>
    private async Task<ObjectInfo> ChangeVersionAsync(
        BucketName bucket, ObjectKey key, VersionId? versionId, Func<string, Task<CommitStatus>> write, CancellationToken cancellationToken)
    {
        var version = await HeadAsync(bucket, key, versionId, cancellationToken);
        var status = await write(version.VersionId);
        if (status != CommitStatus.Committed)
        {
            // Gone between the read and the write: deleted meanwhile.
            throw status == CommitStatus.NotFound && versionId is not null
                ? new EngineException(EngineError.NoSuchVersion)
                : CommitFailure(status);
        }

        return version;
    }

    private async Task CheckWriteConditionAsync(BucketName bucket, ObjectKey key, WriteCondition condition, CancellationToken cancellationToken)
    {
        if (condition == WriteCondition.None)
        {
            return;
        }

        var current = await metadata.GetLatestAsync(bucket.Value, key.Value, cancellationToken);
        if (condition.Check(current is { IsDeleteMarker: false } ? current.ETag : null) is { } failed)
        {
            throw CommitFailure(failed);
        }
    }

    private async Task<BucketInfo> RequireBucketAsync(BucketName bucket, CancellationToken cancellationToken) =>
        await metadata.GetBucketAsync(bucket.Value, cancellationToken) ?? throw new EngineException(EngineError.NoSuchBucket);

    private static EngineException CommitFailure(CommitStatus status) => CommitFailures.ToException(status);
}
