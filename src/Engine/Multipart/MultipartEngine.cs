using Coffer.Engine.Checksums;
using Coffer.Engine.Encryption;
using Coffer.Engine.Errors;
using Coffer.Engine.Kms;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Multipart;

/// <summary>
/// Multipart uploads: create, upload a part (from a body or copied from an object), complete,
/// abort, list parts. Knows no HTTP. Each part is a blob of its own; completing an upload
/// commits a version whose segments are those blobs, so no byte is copied twice.
/// </summary>
public sealed class MultipartEngine(IMetadataStore metadata, IBlobStore blobs, BlobReleaser releaser, ObjectEngine objects, TimeProvider clock)
{
    /// <summary>Times an operation starts again when a concurrent write changed what it read.</summary>
    private const int Attempts = 3;

    private const int PartsPerRead = 1000;

    public async Task<UploadInfo> CreateAsync(CreateUploadRequest request, CancellationToken cancellationToken)
    {
        var bucket = await metadata.GetBucketAsync(request.Bucket.Value, cancellationToken) ?? throw new EngineException(EngineError.NoSuchBucket);

        // The upload's encryption is fixed now, as S3 fixes it, and carried onto every part and the completed object: a
        // default set or removed while the upload is open does not change it.
        // An encrypted upload needs the keys to seal its parts (and its KMS key must be usable by this caller): refused
        // now, not at the first part.
        var attributes = await objects.EncryptionForAsync(request.Attributes, bucket, request.KeyUse, request.CustomerKey, cancellationToken);

        // Refused now, as S3 refuses it, rather than after every part is uploaded; the completion checks again.
        if ((attributes.Retention is not null || attributes.LegalHold == LegalHoldStatus.On) && bucket.ObjectLock is null)
        {
            throw CommitFailures.ToException(CommitStatus.ObjectLockNotEnabled);
        }

        var now = clock.StoreNow();
        var upload = new UploadInfo
        {
            Bucket = request.Bucket.Value,
            Key = request.Key.Value,
            UploadId = UploadIds.New(now),
            Initiated = now,
            Attributes = attributes,
            ChecksumAlgorithm = request.ChecksumAlgorithm,
            ChecksumType = request.ChecksumAlgorithm is { } algorithm ? request.ChecksumType ?? MultipartChecksum.DefaultType(algorithm) : null,
        };

        var status = await metadata.CreateUploadAsync(upload, cancellationToken);
        return status == CommitStatus.Committed ? upload : throw CommitFailures.ToException(status);
    }

    /// <summary>
    /// Streams a part into a blob of its own (as PutObject streams an object), then records it,
    /// replacing any earlier part with that number, whose blob is then released.
    /// </summary>
    public async Task<PartInfo> UploadPartAsync(UploadPartRequest request, Stream body, CancellationToken cancellationToken)
    {
        var upload = await RequirePartTargetAsync(request.Target, cancellationToken);
        if (request.ContentMd5 is null && request.ExpectedChecksum is null && await WillBeLockedAsync(upload, cancellationToken))
        {
            throw ObjectLockRules.ClientDigestMissing("Put Part");
        }

        CustomerKeyRules.RequireForPart(upload.Attributes, request.CustomerKey);
        await ObjectEngine.RequireKeyUseAsync(upload.Attributes, KeyUse.GenerateDataKey, request.KeyUse, cancellationToken);
        var algorithm = ChecksumAlgorithmOf(upload, request.ChecksumAlgorithm);
        // In an upload without an algorithm, a part checksummed with one the client chose also
        // gets the CRC64NVME that the object's default checksum is made from.
        var options = new BodyIngestOptions
        {
            DeclaredLength = request.DeclaredLength,
            MaxLength = MultipartLimits.MaxPartSize,
            ExpectedMd5 = request.ContentMd5,
            ChecksumAlgorithm = algorithm,
            ExpectedChecksum = request.ExpectedChecksum,
            BlobForEmptyBody = true,
            AlsoDefaultChecksum = upload.ChecksumAlgorithm is null,
            StorageClass = upload.Attributes.StorageClass,
            Encryption = upload.Attributes.Encryption,
            Sealing = objects.RequireSealing(upload.Attributes),
            CustomerKey = request.CustomerKey,
        };
        var ingested = await BodyIngest.WriteAsync(blobs, body, options, cancellationToken);
        return await RecordPartAsync(request.Target, ingested);
    }

    /// <summary>
    /// UploadPartCopy: copies a byte range of an object into a new part blob. Unlike CopyObject
    /// it cannot share the source's blobs, because a part is an arbitrary range of them. Returns the
    /// part and the source version it was copied from, whose id S3 names as CopyObject names it.
    /// </summary>
    public async Task<CopiedPart> UploadPartCopyAsync(UploadPartCopyRequest request, CancellationToken cancellationToken)
    {
        var upload = await RequirePartTargetAsync(request.Target, cancellationToken);

        CustomerKeyRules.RequireForPart(upload.Attributes, request.CustomerKey);
        await ObjectEngine.RequireKeyUseAsync(upload.Attributes, KeyUse.GenerateDataKey, request.KeyUse, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var source = await objects.OpenAsync(request.SourceBucket, request.SourceKey, request.SourceVersion, request.KeyUse, request.SourceCustomerKey, cancellationToken);
            var info = source.Info;
            if (ReadPreconditionEvaluator.Evaluate(request.SourceConditions, info.ETag, info.LastModified) != PreconditionOutcome.Proceed)
            {
                // As for CopyObject, "not modified" is a failed precondition of a copy too.
                throw new EngineException(EngineError.PreconditionFailed);
            }

            var (offset, length) = RangeOf(request.SourceRange, info.Size);
            try
            {
                await using var range = source.OpenRange(offset, length);
                var options = new BodyIngestOptions
                {
                    DeclaredLength = length,
                    MaxLength = MultipartLimits.MaxPartSize,
                    ChecksumAlgorithm = ChecksumAlgorithmOf(upload, null),
                    BlobForEmptyBody = true,
                    StorageClass = upload.Attributes.StorageClass,

                    // The part is sealed as the upload's parts are, whatever the source's encryption (read decrypted).
                    Encryption = upload.Attributes.Encryption,
                    Sealing = objects.RequireSealing(upload.Attributes),
                    CustomerKey = request.CustomerKey,
                };
                var ingested = await BodyIngest.WriteAsync(blobs, range, options, cancellationToken);
                return new CopiedPart(await RecordPartAsync(request.Target, ingested), info);
            }
            catch (BlobNotFoundException) when (attempt < Attempts)
            {
                // An overwrite of the source deleted a part blob before this copy opened it; the
                // partial blob was discarded with its writer. Read the new source from the start.
            }
        }
    }

    /// <summary>
    /// Checks the client's part list against the stored parts, then commits the object in one
    /// metadata transaction that reuses the part blobs as its segments. The object checksum is
    /// made from the parts' checksums; no byte is read again.
    /// </summary>
    public async Task<ObjectInfo> CompleteAsync(CompleteUploadRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // 1. The upload, then every stored part; the client's list is checked against them.
            if (!UploadIds.IsWellFormed(request.UploadId))
            {
                await RequireBucketAsync(request.Bucket, cancellationToken);
                throw new EngineException(EngineError.NoSuchUpload);
            }

            var upload = await metadata.GetUploadAsync(request.Bucket.Value, request.Key.Value, request.UploadId, cancellationToken);
            if (upload is null)
            {
                return await CompletedEarlierAsync(request, cancellationToken);
            }

            CustomerKeyRules.RequireForPart(upload.Attributes, request.CustomerKey, optional: true);
            var stored = await ReadAllPartsAsync(upload, cancellationToken);
            var chosen = PartSelection.Choose(request.UploadId, request.Parts, stored);
            var size = chosen.Sum(part => part.Size);
            if (request.ExpectedSize is { } expected && expected != size)
            {
                throw new EngineException(
                    EngineError.InvalidRequest,
                    $"The provided 'x-amz-mp-object-size' header value {expected} does not match what was computed: {size}");
            }

            var checksum = MultipartChecksum.Of(upload, chosen);
            MultipartChecksum.Verify(upload, checksum, request.ExpectedChecksum?.Algorithm, request.ExpectedChecksum?.Base64Value, request.ExpectedChecksumType);

            // 2. The object: the parts' blobs in order, and the attributes fixed at creation. S3 dates a
            //    multipart object from the creation of its upload, not from its completion.
            var version = new ObjectInfo
            {
                Bucket = upload.Bucket,
                Key = upload.Key,
                VersionId = VersionIds.Null,
                Size = size,
                ETag = MultipartETag.Of([.. chosen.Select(part => part.ETag)]),
                LastModified = upload.Initiated,
                Attributes = upload.Attributes,
                Checksum = checksum,
                Segments = [.. chosen.Select(part => new BlobSegment(part.Blob, part.Size, part.Checksum) { ContentCrc64Nvme = part.ContentCrc64Nvme, SealedKey = part.SealedKey })],
                UploadId = upload.UploadId,
            };

            // 3. One transaction: the parts must still be the ones read in step 1. The client may
            //    hang up now, but the commit must not be torn.
            var selection = chosen.Select(part => new SelectedPart(part.PartNumber, part.Blob)).ToList();
            var outcome = await metadata.CompleteUploadAsync(upload, selection, version, request.Condition, CancellationToken.None);
            if (outcome.Status == CommitStatus.InvalidPart && attempt < Attempts)
            {
                continue; // A part was uploaded again meanwhile; check the list against it.
            }

            if (outcome.Status == CommitStatus.NoSuchUpload)
            {
                return await CompletedEarlierAsync(request, cancellationToken); // A concurrent Complete of it won.
            }

            if (outcome.Status != CommitStatus.Committed)
            {
                throw CommitFailures.ToException(outcome.Status);
            }

            await releaser.ReleaseQuietlyAsync(outcome.ReleasedBlobs);
            return outcome.Stored!;
        }
    }

    /// <summary>
    /// A Complete of an upload that is no longer open. When it is the upload the key's current
    /// version came from, S3 answers as if it completed now (a client retrying after a lost
    /// response must not see an error for an upload that worked); otherwise NoSuchUpload.
    /// </summary>
    private async Task<ObjectInfo> CompletedEarlierAsync(CompleteUploadRequest request, CancellationToken cancellationToken)
    {
        var latest = await metadata.GetLatestAsync(request.Bucket.Value, request.Key.Value, cancellationToken);
        if (latest is { IsDeleteMarker: false } && string.Equals(latest.UploadId, request.UploadId, StringComparison.Ordinal))
        {
            return latest;
        }

        await RequireBucketAsync(request.Bucket, cancellationToken);
        throw new EngineException(EngineError.NoSuchUpload);
    }

    /// <summary>Deletes an upload and frees the blobs of its parts.</summary>
    public async Task AbortAsync(BucketName bucket, ObjectKey key, string uploadId, CancellationToken cancellationToken)
    {
        var outcome = UploadIds.IsWellFormed(uploadId)
            ? await metadata.AbortUploadAsync(bucket.Value, key.Value, uploadId, cancellationToken)
            : CommitOutcome.Of(CommitStatus.NoSuchUpload);
        if (outcome.Status != CommitStatus.Committed)
        {
            await RequireBucketAsync(bucket, cancellationToken);
            throw CommitFailures.ToException(outcome.Status);
        }

        await releaser.ReleaseQuietlyAsync(outcome.ReleasedBlobs);
    }

    /// <summary>The parts numbered above <paramref name="afterPartNumber"/>, at most <paramref name="maxParts"/>.</summary>
    /// <param name="customerKey">The SSE-C key the request brings, if any.</param>
    /// <exception cref="EngineException">
    /// InvalidRequest: a key for an upload that is not SSE-C, or none for an SSE-C upload whose parts carry checksums;
    /// WrongCustomerKey: another key than the upload's.
    /// </exception>
    public async Task<PartsPage> ListPartsAsync(
        BucketName bucket, ObjectKey key, string uploadId, int afterPartNumber, int maxParts, CustomerKey? customerKey, CancellationToken cancellationToken)
    {
        var upload = await RequireUploadAsync(bucket, key, uploadId, cancellationToken);

        // S3 documents ListParts's SSE-C key as needed only when the upload was created with a checksum algorithm: its
        // parts' checksums are of the plaintext, so they are shown only to the key's holder. Otherwise the key may be
        // left out, but one that is given is judged as a part's is (the upload's own, and only for an SSE-C upload).
        CustomerKeyRules.RequireForPart(upload.Attributes, customerKey, optional: upload.ChecksumAlgorithm is null);
        if (maxParts <= 0)
        {
            return new PartsPage(upload, [], false, null);
        }

        // No upload has more parts than this, and one more must still fit in an int.
        maxParts = Math.Min(maxParts, MultipartLimits.MaxPartNumber);

        // One part more than the page tells whether the listing is truncated.
        var parts = await metadata.ListPartsAsync(upload.Bucket, upload.Key, upload.UploadId, afterPartNumber, maxParts + 1, cancellationToken);
        var page = parts.Count > maxParts ? parts.Take(maxParts).ToList() : parts;
        return new PartsPage(upload, page, parts.Count > maxParts, page.Count > 0 ? page[^1].PartNumber : null);
    }

    /// <summary>The upload a part request names, after checking the part number: both before any body is read.</summary>
    private Task<UploadInfo> RequirePartTargetAsync(PartTarget target, CancellationToken cancellationToken)
    {
        if (!MultipartLimits.IsValidPartNumber(target.PartNumber))
        {
            throw new EngineException(EngineError.InvalidArgument, MultipartLimits.PartNumberMessage);
        }

        return RequireUploadAsync(target.Bucket, target.Key, target.UploadId, cancellationToken);
    }

    /// <summary>
    /// Whether object lock will hold the object the upload completes into: its own settings, given at creation, or the
    /// bucket's default retention. Asked only of a part that came without a digest, so the bucket read is only theirs.
    /// </summary>
    private async Task<bool> WillBeLockedAsync(UploadInfo upload, CancellationToken cancellationToken)
    {
        var bucket = await metadata.GetBucketAsync(upload.Bucket, cancellationToken) ?? throw new EngineException(EngineError.NoSuchBucket);
        return ObjectLockRules.WillHold(upload.Attributes, bucket);
    }

    /// <summary>The open upload; NoSuchBucket when the bucket is missing, else NoSuchUpload.</summary>
    private async Task<UploadInfo> RequireUploadAsync(BucketName bucket, ObjectKey key, string uploadId, CancellationToken cancellationToken)
    {
        var upload = UploadIds.IsWellFormed(uploadId) ? await metadata.GetUploadAsync(bucket.Value, key.Value, uploadId, cancellationToken) : null;
        if (upload is null)
        {
            await RequireBucketAsync(bucket, cancellationToken);
            throw new EngineException(EngineError.NoSuchUpload);
        }

        return upload;
    }

    private async Task RequireBucketAsync(BucketName bucket, CancellationToken cancellationToken)
    {
        if (await metadata.GetBucketAsync(bucket.Value, cancellationToken) is null)
        {
            throw new EngineException(EngineError.NoSuchBucket);
        }
    }

    /// <summary>
    /// An upload created with a checksum algorithm checksums every part with it. A part that
    /// names none gets it anyway, for the object checksum; a part that names another is refused,
    /// as S3 refuses it. In an upload created without one, a part gets the algorithm it names,
    /// else CRC64NVME, from which the object's default checksum is made (see MultipartChecksum).
    /// </summary>
    private static ChecksumAlgorithm ChecksumAlgorithmOf(UploadInfo upload, ChecksumAlgorithm? requested)
    {
        if (upload.ChecksumAlgorithm is { } expected && requested is { } actual && actual != expected)
        {
            throw new EngineException(
                EngineError.InvalidRequest,
                $"Checksum Type mismatch occurred, expected checksum Type: {ChecksumNames.Of(expected).ToLowerInvariant()}, " +
                $"actual checksum Type: {ChecksumNames.Of(actual).ToLowerInvariant()}");
        }

        return requested ?? upload.ChecksumAlgorithm ?? ChecksumAlgorithm.Crc64Nvme;
    }

    private static (long Offset, long Length) RangeOf(CopySourceRange? range, long size)
    {
        if (range is not { } wanted)
        {
            return (0, size);
        }

        if (wanted.First < 0 || wanted.Last < wanted.First || wanted.Last >= size)
        {
            throw new EngineException(EngineError.InvalidRange, $"Range specified is not valid for source object of size: {size}");
        }

        return (wanted.First, wanted.Last - wanted.First + 1);
    }

    /// <summary>Records an ingested part; when the upload vanished meanwhile, the part's blob goes too.</summary>
    private async Task<PartInfo> RecordPartAsync(PartTarget target, IngestedBody ingested)
    {
        var blob = ingested.Blob ?? throw new InvalidOperationException("A part always has a blob.");
        var part = new PartInfo
        {
            PartNumber = target.PartNumber,
            Size = ingested.Length,
            ETag = '"' + Convert.ToHexStringLower(ingested.Md5) + '"',
            LastModified = clock.StoreNow(),
            Blob = blob,
            Checksum = ingested.Checksum,
            DefaultChecksum = ingested.DefaultChecksum,
            ContentCrc64Nvme = ingested.ContentCrc64Nvme,
            SealedKey = ingested.SealedKey,
        };

        // The blob is durable; the client hanging up must not leave it unrecorded and unreleased.
        var outcome = await metadata.PutPartAsync(target.Bucket.Value, target.Key.Value, target.UploadId, part, CancellationToken.None);
        if (outcome.Status != CommitStatus.Committed)
        {
            await blobs.DeleteAsync(blob, CancellationToken.None);
            throw CommitFailures.ToException(outcome.Status);
        }

        await releaser.ReleaseQuietlyAsync(outcome.ReleasedBlobs);
        return part;
    }

    private async Task<List<PartInfo>> ReadAllPartsAsync(UploadInfo upload, CancellationToken cancellationToken)
    {
        var parts = new List<PartInfo>();
        while (true)
        {
            var after = parts.Count == 0 ? 0 : parts[^1].PartNumber;
            var page = await metadata.ListPartsAsync(upload.Bucket, upload.Key, upload.UploadId, after, PartsPerRead, cancellationToken);
            parts.AddRange(page);
            if (page.Count < PartsPerRead)
            {
                return parts;
            }
        }
    }
}
