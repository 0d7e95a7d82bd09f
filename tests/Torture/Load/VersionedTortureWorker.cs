using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;
using Coffer.Torture.Nodes;

namespace Coffer.Torture.Load;

/// <summary>
/// A worker on the object-locked (so versioned) bucket: new versions by PUT, copy and multipart
/// upload, some under a legal hold or a GOVERNANCE or COMPLIANCE retention; delete markers;
/// deletes of one version by id, with and without bypassing governance, some of which object lock
/// must refuse; multi-deletes mixing both; and changes of legal hold and retention. Each answer is
/// checked against the lock the model knows, and the verifier checks what a crash left.
/// </summary>
public sealed class VersionedTortureWorker(
    int index, NodeClients nodes, bool plainUploads, IReadOnlyList<VersionedKeyModel> keys, UploadRegistry uploads, Random random)
    : LoadWorker<VersionedTortureWorker.Operation>(index, nodes, plainUploads, random)
{
    /// <summary>Older versions are deleted once a key has more, so that verification (which reads every version) stays short.</summary>
    private const int MaxVersions = 6;

    public enum Operation
    {
        Put,
        LockedPut,
        Copy,
        AddDeleteMarker,
        DeleteVersion,
        MultiDelete,
        ChangeLock,
        CompletedMultipart,
        AbandonedMultipart,
    }

    protected override Operation Draw(bool first) => first && Index == 0 ? Operation.LockedPut : Random.Next(100) switch
    {
        < 33 => Operation.Put,
        < 45 => Operation.LockedPut,
        < 52 => Operation.Copy,
        < 63 => Operation.AddDeleteMarker,
        < 77 => Operation.DeleteVersion,
        < 84 => Operation.MultiDelete,
        < 93 => Operation.ChangeLock,
        < 97 => Operation.CompletedMultipart,
        _ => Operation.AbandonedMultipart,
    };

    protected override Task RunAsync(Operation operation, CycleContext cycle)
    {
        var key = keys[Random.Next(keys.Count)];
        if (key.Versions.Count > MaxVersions && operation is not (Operation.DeleteVersion or Operation.MultiDelete or Operation.ChangeLock))
        {
            return PruneAsync(cycle, key);
        }

        return operation switch
        {
            Operation.Put => PutAsync(cycle, key, LockState.None),
            Operation.LockedPut => PutAsync(cycle, key, DrawLock()),
            Operation.Copy => CopyAsync(cycle, key),
            Operation.AddDeleteMarker => AddDeleteMarkerAsync(cycle, key),
            Operation.DeleteVersion => key.Versions.Count == 0 ? PutAsync(cycle, key, LockState.None) : DeleteVersionAsync(cycle, key, Pick(key.Versions)),
            Operation.MultiDelete => DeleteManyAsync(cycle),
            Operation.ChangeLock => ChangeLockAsync(cycle, key),
            Operation.CompletedMultipart => MultipartAsync(cycle, key, complete: true),
            _ => MultipartAsync(cycle, key, complete: false),
        };
    }

    /// <summary>
    /// Deletes the oldest version a bypass can delete; when a legal hold keeps them all, lifts
    /// the oldest hold instead (COMPLIANCE retention ends by itself within seconds).
    /// </summary>
    private Task PruneAsync(CycleContext cycle, VersionedKeyModel key)
    {
        var now = DateTimeOffset.UtcNow;
        var deletable = key.Versions.FirstOrDefault(version => version.Lock.AgainstDelete(bypass: true, now, now) == Protection.None);
        if (deletable is not null)
        {
            return DeleteVersionAsync(cycle, key, deletable, bypass: true);
        }

        var held = key.Versions.FirstOrDefault(version => version.Lock.LegalHold);
        return held is not null ? SetLegalHoldAsync(cycle, key, held, on: false) : DeleteVersionAsync(cycle, key, key.Versions[0]);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>
    /// A legal hold; a GOVERNANCE retention for an hour (only a bypass deletes it); or a
    /// COMPLIANCE retention of a few seconds, so that such versions become deletable in the run.
    /// </summary>
    private LockState DrawLock() => Random.Next(3) switch
    {
        0 => LockState.None with { LegalHold = true },
        1 => new LockState(false, LockState.Governance, LockState.SecondsFromNow(3600)),
        _ => new LockState(false, LockState.Compliance, LockState.SecondsFromNow(Random.Next(2, 9))),
    };

    private async Task PutAsync(CycleContext cycle, VersionedKeyModel key, LockState lockState)
    {
        var body = Bytes(DrawSize());
        key.Begin(new AddVersion(ObjectContent.OfPut(body, Origin("PutObject")), lockState, "PutObject"));
        Sending(cycle, OperationKind.PutObject);
        var request = new PutObjectRequest
        {
            BucketName = key.Bucket,
            Key = key.Key,
            InputStream = new MemoryStream(body),
            UseChunkEncoding = !PlainUploads,

            // S3 requires an integrity check on a PUT with lock headers; a plain upload sends no checksum of its own.
            MD5Digest = lockState.IsNone ? null : Md5Of(body),
            ObjectLockLegalHoldStatus = lockState.LegalHold ? ObjectLockLegalHoldStatus.On : null,
            ObjectLockMode = lockState.RetentionMode is null ? null : ObjectLockMode.FindValue(lockState.RetentionMode),
            ObjectLockRetainUntilDate = lockState.RetainUntil?.UtcDateTime,
        };
        var response = await S3.PutObjectAsync(request, CancellationToken.None);
        key.Acknowledge(response.VersionId);
        cycle.Report.Count(lockState.IsNone ? Figure.PutObject : Figure.LockedPutObject);
    }

    /// <summary>A copy of one of this worker's versions, named by id, to another of its keys: a new version sharing the source's blobs.</summary>
    private async Task CopyAsync(CycleContext cycle, VersionedKeyModel target)
    {
        var source = Pick(keys);
        var versions = source.Versions.Where(version => !version.IsMarker).ToList();
        if (source == target || versions.Count == 0)
        {
            await PutAsync(cycle, target, LockState.None);
            return;
        }

        var version = Pick(versions);
        target.Begin(new AddVersion(version.Content! with { Origin = $"{Origin("CopyObject")} of {version.Content!.Origin}" }, LockState.None, "CopyObject"));
        Sending(cycle, OperationKind.CopyObject);
        var response = await S3.CopyObjectAsync(
            new CopyObjectRequest
            {
                SourceBucket = source.Bucket,
                SourceKey = source.Key,
                SourceVersionId = version.VersionId,
                DestinationBucket = target.Bucket,
                DestinationKey = target.Key,
            },
            CancellationToken.None);
        if (response.SourceVersionId != version.VersionId)
        {
            cycle.Report.Add(ViolationKind.UnexpectedError, $"CopyObject of {source} {version.VersionId} answered source version {response.SourceVersionId}");
        }

        target.Acknowledge(response.VersionId);
        cycle.Report.Count(Figure.CopyObject);
    }

    private async Task AddDeleteMarkerAsync(CycleContext cycle, VersionedKeyModel key)
    {
        key.Begin(new AddVersion(null, LockState.None, "DeleteObject"));
        Sending(cycle, OperationKind.DeleteObject);
        var response = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = key.Bucket, Key = key.Key }, CancellationToken.None);
        if (response.DeleteMarker != "true")
        {
            cycle.Report.Add(ViolationKind.UnexpectedError, $"DeleteObject of {key} on a versioned bucket answered x-amz-delete-marker '{response.DeleteMarker}'");
        }

        key.Acknowledge(response.VersionId);
        cycle.Report.Count(Figure.DeleteMarkerAdded);
    }

    /// <summary>
    /// Deletes one version for good. Object lock decides: the answer must be a refusal when the
    /// version is certainly protected, and a deletion when it certainly is not.
    /// </summary>
    private async Task DeleteVersionAsync(CycleContext cycle, VersionedKeyModel key, VersionModel version, bool? bypass = null)
    {
        var bypassing = bypass ?? Random.Next(version.Lock.RetentionMode == LockState.Governance ? 2 : 5) == 0;
        key.Begin(new RemoveVersion(version.VersionId, bypassing, "DeleteObject with a version id"));
        var sent = DateTimeOffset.UtcNow;
        Sending(cycle, OperationKind.DeleteVersion);
        bool deleted;
        try
        {
            await S3.DeleteObjectAsync(
                new DeleteObjectRequest { BucketName = key.Bucket, Key = key.Key, VersionId = version.VersionId, BypassGovernanceRetention = bypassing },
                CancellationToken.None);
            deleted = true;
        }
        catch (AmazonS3Exception refused) when (refused.StatusCode == HttpStatusCode.Forbidden && refused.ErrorCode == "AccessDenied")
        {
            deleted = false;
        }

        Settle(cycle, key, version, bypassing, sent, deleted, "DeleteObject");
    }

    /// <summary>Up to three of this worker's keys, each either given a marker or losing one version by id.</summary>
    private async Task DeleteManyAsync(CycleContext cycle)
    {
        var batch = keys.OrderBy(_ => Random.Next()).Take(Random.Next(2, 4))
            .Select(key => (Key: key, Version: key.Versions.Count > 0 && Random.Next(2) == 0 ? Pick(key.Versions) : null))
            .ToList();
        var bypass = Random.Next(2) == 0;
        foreach (var (key, version) in batch)
        {
            key.Begin(version is null ? new AddVersion(null, LockState.None, "DeleteObjects") : new RemoveVersion(version.VersionId, bypass, "DeleteObjects with a version id"));
        }

        var sent = DateTimeOffset.UtcNow;
        Sending(cycle, OperationKind.DeleteObjects);
        DeleteObjectsResponse response;
        try
        {
            response = await S3.DeleteObjectsAsync(
                new DeleteObjectsRequest
                {
                    BucketName = TortureWorld.VersionedBucket,
                    BypassGovernanceRetention = bypass,
                    Objects = [.. batch.Select(entry => new KeyVersion { Key = entry.Key.Key, VersionId = entry.Version?.VersionId })],
                },
                CancellationToken.None);
        }
        catch (DeleteObjectsException partial)
        {
            response = partial.Response;
        }

        var deleted = (response.DeletedObjects ?? []).ToDictionary(d => d.Key, StringComparer.Ordinal);
        var failed = (response.DeleteErrors ?? []).ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var (key, version) in batch)
        {
            if (version is null && deleted.TryGetValue(key.Key, out var marker))
            {
                if (marker.DeleteMarker != true || string.IsNullOrEmpty(marker.DeleteMarkerVersionId))
                {
                    cycle.Report.Add(ViolationKind.UnexpectedError, $"DeleteObjects of {key} on a versioned bucket reported no delete marker");
                    key.Refuse();
                    continue;
                }

                key.Acknowledge(marker.DeleteMarkerVersionId);
                cycle.Report.Count(Figure.DeleteMarkerAdded);
            }
            else if (version is not null && (deleted.ContainsKey(key.Key) || failed.TryGetValue(key.Key, out var error) && error.Code == "AccessDenied"))
            {
                Settle(cycle, key, version, bypass, sent, deleted.ContainsKey(key.Key), "DeleteObjects");
            }
            else if (failed.TryGetValue(key.Key, out var other))
            {
                key.Refuse();
                cycle.Report.Add(ViolationKind.UnexpectedError, $"DeleteObjects refused {key}: {other.Code} {other.Message}");
            }
            else
            {
                // Left in flight: the answer says nothing of it, so the verifier accepts either outcome.
                cycle.Report.Add(ViolationKind.UnexpectedError, $"DeleteObjects answered nothing for {key}");
            }
        }
    }

    /// <summary>Records a delete by version id as its answer says, after checking the answer against the version's lock.</summary>
    private static void Settle(CycleContext cycle, VersionedKeyModel key, VersionModel version, bool bypass, DateTimeOffset sent, bool deleted, string operation)
    {
        var protection = version.Lock.AgainstDelete(bypass, sent, DateTimeOffset.UtcNow);
        var how = bypass ? "bypassing governance" : "without bypass";
        if (deleted)
        {
            if (protection == Protection.Certain)
            {
                cycle.Report.Add(ViolationKind.LockBroken, $"{operation} {how} deleted {key} {version} under {version.Lock}");
            }

            key.Acknowledge();
            cycle.Report.Count(Figure.VersionDeleted);
        }
        else
        {
            if (protection == Protection.None)
            {
                cycle.Report.Add(ViolationKind.UnexpectedError, $"{operation} {how} of {key} {version} ({version.Lock}) was refused with AccessDenied");
            }

            key.Refuse();
            cycle.Report.Count(Figure.ProtectedDeleteRefused);
        }
    }

    /// <summary>Turns a legal hold on or off, or sets a retention, on one of the key's versions.</summary>
    private Task ChangeLockAsync(CycleContext cycle, VersionedKeyModel key)
    {
        var versions = key.Versions.Where(version => !version.IsMarker).ToList();
        if (versions.Count == 0)
        {
            return PutAsync(cycle, key, DrawLock());
        }

        var version = Pick(versions);
        return Random.Next(2) == 0 ? SetLegalHoldAsync(cycle, key, version, on: !version.Lock.LegalHold) : SetRetentionAsync(cycle, key, version);
    }

    private async Task SetLegalHoldAsync(CycleContext cycle, VersionedKeyModel key, VersionModel version, bool on)
    {
        key.Begin(new ChangeLock(version.VersionId, version.Lock with { LegalHold = on }, "PutObjectLegalHold"));
        Sending(cycle, OperationKind.PutObjectLegalHold);
        await S3.PutObjectLegalHoldAsync(
            new PutObjectLegalHoldRequest
            {
                BucketName = key.Bucket,
                Key = key.Key,
                VersionId = version.VersionId,
                LegalHold = new ObjectLockLegalHold { Status = on ? ObjectLockLegalHoldStatus.On : ObjectLockLegalHoldStatus.Off },
            },
            CancellationToken.None);
        key.Acknowledge();
        cycle.Report.Count(Figure.LockChanged);
    }

    /// <summary>
    /// A retention S3 allows: GOVERNANCE where none is in force, longer (or, bypassing, shorter)
    /// GOVERNANCE, and a few more seconds of COMPLIANCE.
    /// </summary>
    private async Task SetRetentionAsync(CycleContext cycle, VersionedKeyModel key, VersionModel version)
    {
        var current = version.Lock;
        // Judged as in force until it is surely over: changing the mode of COMPLIANCE in force is refused.
        var now = LockState.SecondsFromNow(0);
        var mayBeInForce = current.RetainUntil > now - LockState.Margin;
        var (mode, until, bypass) = (mayBeInForce ? current.RetentionMode : null) switch
        {
            LockState.Compliance => (LockState.Compliance, (current.RetainUntil > now ? current.RetainUntil.Value : now).AddSeconds(Random.Next(2, 5)), false),
            LockState.Governance when Random.Next(2) == 0 => (LockState.Governance, LockState.SecondsFromNow(Random.Next(3, 8)), true),
            _ => (LockState.Governance, LockState.SecondsFromNow(3600), false),
        };
        key.Begin(new ChangeLock(version.VersionId, current with { RetentionMode = mode, RetainUntil = until }, "PutObjectRetention"));
        Sending(cycle, OperationKind.PutObjectRetention);
        await S3.PutObjectRetentionAsync(
            new PutObjectRetentionRequest
            {
                BucketName = key.Bucket,
                Key = key.Key,
                VersionId = version.VersionId,
                BypassGovernanceRetention = bypass,
                Retention = new ObjectLockRetention { Mode = ObjectLockRetentionMode.FindValue(mode), RetainUntilDate = until.UtcDateTime },
            },
            CancellationToken.None);
        key.Acknowledge();
        cycle.Report.Count(Figure.LockChanged);
    }

    /// <summary>
    /// As on the unversioned bucket, but half the uploads carry a lock given at creation, which
    /// the completed version must keep; their parts then carry Content-MD5, as S3 requires.
    /// </summary>
    private async Task MultipartAsync(CycleContext cycle, VersionedKeyModel key, bool complete)
    {
        var lockState = Random.Next(2) == 0 ? LockState.None : DrawLock();
        var parts = DrawParts(complete);
        uploads.CreateSent(key);
        Sending(cycle, OperationKind.CreateMultipartUpload);
        var created = await S3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest
            {
                BucketName = key.Bucket,
                Key = key.Key,
                ObjectLockLegalHoldStatus = lockState.LegalHold ? ObjectLockLegalHoldStatus.On : null,
                ObjectLockMode = lockState.RetentionMode is null ? null : ObjectLockMode.FindValue(lockState.RetentionMode),
                ObjectLockRetainUntilDate = lockState.RetainUntil?.UtcDateTime,
            },
            CancellationToken.None);
        var upload = uploads.Created(key, created.UploadId);

        var partETags = await UploadPartsAsync(cycle, upload, parts, withMd5: !lockState.IsNone);
        if (complete)
        {
            var content = ObjectContent.OfParts(parts, Origin("CompleteMultipartUpload"));
            upload.Completes = content;
            upload.Fate = UploadFate.CompleteInFlight;
            key.Begin(new AddVersion(content, lockState, "CompleteMultipartUpload"));
            Sending(cycle, OperationKind.CompleteMultipartUpload);
            var response = await S3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = key.Bucket, Key = key.Key, UploadId = upload.UploadId, PartETags = [.. partETags] },
                CancellationToken.None);
            key.Acknowledge(response.VersionId);
            upload.Fate = UploadFate.Closed;
            cycle.Report.Count(Figure.CompleteMultipartUpload);
        }
        else if (Random.Next(2) == 0)
        {
            upload.Fate = UploadFate.AbortInFlight;
            Sending(cycle, OperationKind.AbortMultipartUpload);
            await S3.AbortMultipartUploadAsync(key.Bucket, key.Key, upload.UploadId, CancellationToken.None);
            upload.Fate = UploadFate.Closed;
            cycle.Report.Count(Figure.AbortMultipartUpload);
        }
    }
}
