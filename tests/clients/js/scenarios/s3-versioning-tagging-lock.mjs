// @aws-sdk/client-s3 with its defaults on the versioning, tagging and object lock operations.
// Two buckets: COFFER_BUCKET with versioning turned on, and COFFER_BUCKET-lock created with object
// lock (which turns versioning on by itself).
//
// 1. Two versions of one key, listed by ListObjectVersions newest first, only the newer IsLatest.
// 2. A delete without a version id adds a delete marker: GetObject and HeadObject of the key are
//    404, each version is still readable by its id, and the marker is listed as the latest.
// 3. Tags on the older version by VersionId: put, read back, counted by GetObject, the newer
//    version untouched, deleted.
// 4. Deleting the marker by its version id brings the newer version back. lib-storage's Upload
//    with its `tags` option then adds a third version, tagged, leaving the older ones untagged.
// 5. The locked bucket: a GOVERNANCE retention set with PutObjectRetention stops a delete of the
//    version, unless it asks to bypass governance; a delete without a version id only adds a
//    marker. A version put with a legal hold is kept even from a bypassing delete until the
//    hold is lifted. A client set to send checksums only when required has its lock put refused.
//
// Object lock requests must carry Content-MD5 or an x-amz-checksum-* header. The SDK sends
// neither by choice here: its default (requestChecksumCalculation WHEN_SUPPORTED) puts a CRC32
// on every request with a body, and the scenario reports what went out.
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  PutObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { MiB, etagOf, randomBody, streamOf } from "../lib/bytes.mjs";
import { expectBytes, expectEqual, expectFailure, expectStreamBytes, expectTagSet, Mismatch } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";
import { recordS3Calls } from "../lib/wire.mjs";

const checksumHeaders = ["content-md5", "x-amz-checksum-crc32", "x-amz-sdk-checksum-algorithm"];
const calls = recordS3Calls({ headers: checksumHeaders });

await runScenario("s3-versioning-tagging-lock", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  const Key = "reports/2026 q3.pdf";

  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
  expectEqual((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, "Enabled", "GetBucketVersioning Status");

  // 1. Two versions.
  const firstBody = randomBody(40 * 1024 + 1);
  const secondBody = randomBody(40 * 1024 + 2);
  const first = await s3.send(new PutObjectCommand({ Bucket, Key, Body: firstBody }));
  const second = await s3.send(new PutObjectCommand({ Bucket, Key, Body: secondBody }));
  expectVersionId(first.VersionId, "first PutObject VersionId");
  expectVersionId(second.VersionId, "second PutObject VersionId");
  expectEqual(second.VersionId !== first.VersionId, true, "the two PutObject VersionIds differ");

  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: "reports/" }));
  expectEqual(
    (listed.Versions ?? []).map(({ Key, VersionId, IsLatest, ETag, Size }) => ({ Key, VersionId, IsLatest, ETag, Size })),
    [
      { Key, VersionId: second.VersionId, IsLatest: true, ETag: etagOf(secondBody), Size: secondBody.length },
      { Key, VersionId: first.VersionId, IsLatest: false, ETag: etagOf(firstBody), Size: firstBody.length },
    ],
    "ListObjectVersions Versions, newest first");
  expectEqual(listed.DeleteMarkers ?? [], [], "ListObjectVersions DeleteMarkers before the delete");

  // 2. A delete marker hides the key, not its versions.
  const deleted = await s3.send(new DeleteObjectCommand({ Bucket, Key }));
  expectEqual(deleted.DeleteMarker, true, "DeleteObject DeleteMarker");
  expectVersionId(deleted.VersionId, "DeleteObject VersionId (the marker's)");
  expectEqual([first.VersionId, second.VersionId].includes(deleted.VersionId), false, "the marker's VersionId is its own");

  const hidden = await expectFailure(() => s3.send(new GetObjectCommand({ Bucket, Key })), "GetObject behind a delete marker");
  expectError(hidden, "NoSuchKey", 404, "GetObject behind a delete marker");
  expectEqual(hidden.$response?.headers?.["x-amz-delete-marker"], "true", "GetObject behind a delete marker: x-amz-delete-marker");
  expectEqual(hidden.$response?.headers?.["x-amz-version-id"], deleted.VersionId, "GetObject behind a delete marker: x-amz-version-id");
  const hiddenHead = await expectFailure(() => s3.send(new HeadObjectCommand({ Bucket, Key })), "HeadObject behind a delete marker");
  expectEqual(hiddenHead.$metadata?.httpStatusCode, 404, "HeadObject behind a delete marker: status");

  const older = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId: first.VersionId, ChecksumMode: "ENABLED" }));
  expectEqual(older.VersionId, first.VersionId, "GetObject of the first version: VersionId");
  expectBytes(await older.Body.transformToByteArray(), firstBody, "GetObject of the first version: body");
  const newer = await s3.send(new GetObjectCommand({ Bucket, Key, VersionId: second.VersionId, ChecksumMode: "ENABLED" }));
  expectBytes(await newer.Body.transformToByteArray(), secondBody, "GetObject of the second version: body");

  const afterDelete = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: "reports/" }));
  expectEqual(
    (afterDelete.DeleteMarkers ?? []).map(({ Key, VersionId, IsLatest }) => ({ Key, VersionId, IsLatest })),
    [{ Key, VersionId: deleted.VersionId, IsLatest: true }],
    "ListObjectVersions DeleteMarkers after the delete");
  expectEqual(
    (afterDelete.Versions ?? []).map(({ VersionId, IsLatest }) => ({ VersionId, IsLatest })),
    [{ VersionId: second.VersionId, IsLatest: false }, { VersionId: first.VersionId, IsLatest: false }],
    "ListObjectVersions Versions after the delete");

  // 3. Tags on the older version only.
  const tags = { classification: "internal", "retention class": "7y" };
  const tagged = await s3.send(new PutObjectTaggingCommand({
    Bucket,
    Key,
    VersionId: first.VersionId,
    Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
  }));
  expectEqual(tagged.VersionId, first.VersionId, "PutObjectTagging VersionId");
  const readTags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key, VersionId: first.VersionId }));
  expectEqual(readTags.VersionId, first.VersionId, "GetObjectTagging VersionId");
  expectTagSet(readTags.TagSet, tags, "GetObjectTagging TagSet of the first version");
  expectTagSet((await s3.send(new GetObjectTaggingCommand({ Bucket, Key, VersionId: second.VersionId }))).TagSet, {}, "GetObjectTagging TagSet of the second version");
  const counted = await s3.send(new HeadObjectCommand({ Bucket, Key, VersionId: first.VersionId }));
  expectEqual(counted.TagCount, 2, "HeadObject TagCount of the tagged version");

  const untagged = await s3.send(new DeleteObjectTaggingCommand({ Bucket, Key, VersionId: first.VersionId }));
  expectEqual(untagged.VersionId, first.VersionId, "DeleteObjectTagging VersionId");
  expectTagSet((await s3.send(new GetObjectTaggingCommand({ Bucket, Key, VersionId: first.VersionId }))).TagSet, {}, "GetObjectTagging TagSet after DeleteObjectTagging");

  // 4. Removing the marker undoes the delete.
  const unmarked = await s3.send(new DeleteObjectCommand({ Bucket, Key, VersionId: deleted.VersionId }));
  expectEqual(unmarked.DeleteMarker, true, "DeleteObject of the marker: DeleteMarker");
  expectEqual(unmarked.VersionId, deleted.VersionId, "DeleteObject of the marker: VersionId");
  const restored = await s3.send(new GetObjectCommand({ Bucket, Key }));
  expectEqual(restored.VersionId, second.VersionId, "GetObject after the marker is gone: VersionId");
  expectBytes(await restored.Body.transformToByteArray(), secondBody, "GetObject after the marker is gone: body");

  // 4b. lib-storage's own `tags` option: after the upload completes it sends PutObjectTagging
  // without a version id, which tags the version the upload made and no older one.
  const uploadBody = randomBody(11 * MiB + 17);
  const uploadTags = { source: "lib-storage", stage: "upload" };
  const uploaded = await new Upload({
    client: s3,
    params: { Bucket, Key, Body: streamOf(uploadBody) },
    tags: Object.entries(uploadTags).map(([Key, Value]) => ({ Key, Value })),
  }).done();
  expectEqual(uploaded.ETag.endsWith('-3"'), true, `Upload ETag ${uploaded.ETag} is a three-part multipart ETag`);
  expectVersionId(uploaded.VersionId, "Upload VersionId");
  expectEqual([first.VersionId, second.VersionId].includes(uploaded.VersionId), false, "the upload made a new version");
  const latestTags = await s3.send(new GetObjectTaggingCommand({ Bucket, Key }));
  expectEqual(latestTags.VersionId, uploaded.VersionId, "GetObjectTagging without VersionId after the Upload: VersionId");
  expectTagSet(latestTags.TagSet, uploadTags, "GetObjectTagging TagSet of the uploaded version");
  expectTagSet((await s3.send(new GetObjectTaggingCommand({ Bucket, Key, VersionId: second.VersionId }))).TagSet, {}, "GetObjectTagging TagSet of the second version after the Upload");
  const latest = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
  expectEqual(latest.TagCount, 2, "GetObject TagCount of the uploaded version");
  await expectStreamBytes(latest.Body, uploadBody, "GetObject of the uploaded version: body");

  // 5. Object lock.
  const LockBucket = `${Bucket}-lock`;
  await s3.send(new CreateBucketCommand({ Bucket: LockBucket, ObjectLockEnabledForBucket: true }));
  expectEqual((await s3.send(new GetBucketVersioningCommand({ Bucket: LockBucket }))).Status, "Enabled", "GetBucketVersioning of the locked bucket");
  const lockConfiguration = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: LockBucket }));
  expectEqual(lockConfiguration.ObjectLockConfiguration?.ObjectLockEnabled, "Enabled", "GetObjectLockConfiguration ObjectLockEnabled");

  // 5a. Retention, set after the put.
  const LockedKey = "ledger/2026-11.csv";
  const ledgerBody = randomBody(8 * 1024 + 3);
  const ledger = await s3.send(new PutObjectCommand({ Bucket: LockBucket, Key: LockedKey, Body: ledgerBody }));
  const RetainUntilDate = new Date(Math.floor(Date.now() / 1000) * 1000 + 24 * 60 * 60 * 1000);
  const retentionMark = calls.length;
  await s3.send(new PutObjectRetentionCommand({
    Bucket: LockBucket,
    Key: LockedKey,
    VersionId: ledger.VersionId,
    Retention: { Mode: "GOVERNANCE", RetainUntilDate },
  }));
  const retentionCall = calls[retentionMark];
  const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: LockBucket, Key: LockedKey, VersionId: ledger.VersionId }));
  expectEqual(retention.Retention?.Mode, "GOVERNANCE", "GetObjectRetention Mode");
  expectEqual(retention.Retention?.RetainUntilDate?.toISOString(), RetainUntilDate.toISOString(), "GetObjectRetention RetainUntilDate");

  const refused = await expectFailure(
    () => s3.send(new DeleteObjectCommand({ Bucket: LockBucket, Key: LockedKey, VersionId: ledger.VersionId })),
    "DeleteObject of a version under GOVERNANCE retention");
  expectError(refused, "AccessDenied", 403, "DeleteObject of a version under GOVERNANCE retention");
  const kept = await s3.send(new GetObjectCommand({ Bucket: LockBucket, Key: LockedKey, VersionId: ledger.VersionId }));
  expectBytes(await kept.Body.transformToByteArray(), ledgerBody, "GetObject of the retained version after the refused delete");

  // A delete without a version id never touches a version, so lock does not stop it.
  const marker = await s3.send(new DeleteObjectCommand({ Bucket: LockBucket, Key: LockedKey }));
  expectEqual(marker.DeleteMarker, true, "DeleteObject without VersionId in the locked bucket: DeleteMarker");

  const bypassed = await s3.send(new DeleteObjectCommand({ Bucket: LockBucket, Key: LockedKey, VersionId: ledger.VersionId, BypassGovernanceRetention: true }));
  expectEqual(bypassed.VersionId, ledger.VersionId, "DeleteObject bypassing governance: VersionId");
  const gone = await expectFailure(
    () => s3.send(new GetObjectCommand({ Bucket: LockBucket, Key: LockedKey, VersionId: ledger.VersionId })),
    "GetObject of the version deleted by bypassing governance");
  expectError(gone, "NoSuchVersion", 404, "GetObject of the version deleted by bypassing governance");

  // 5b. Governance retention and a legal hold, both given on the put.
  const HeldKey = "ledger/audit.csv";
  const heldBody = randomBody(4 * 1024 + 9);
  const holdMark = calls.length;
  const held = await s3.send(new PutObjectCommand({
    Bucket: LockBucket,
    Key: HeldKey,
    Body: heldBody,
    ObjectLockMode: "GOVERNANCE",
    ObjectLockRetainUntilDate: RetainUntilDate,
    ObjectLockLegalHoldStatus: "ON",
  }));
  const lockedPutCall = calls[holdMark];
  const heldHead = await s3.send(new HeadObjectCommand({ Bucket: LockBucket, Key: HeldKey, VersionId: held.VersionId }));
  expectEqual(
    { mode: heldHead.ObjectLockMode, until: heldHead.ObjectLockRetainUntilDate?.toISOString(), hold: heldHead.ObjectLockLegalHoldStatus },
    { mode: "GOVERNANCE", until: RetainUntilDate.toISOString(), hold: "ON" },
    "HeadObject lock headers of the held version");
  expectEqual((await s3.send(new GetObjectLegalHoldCommand({ Bucket: LockBucket, Key: HeldKey, VersionId: held.VersionId }))).LegalHold?.Status, "ON", "GetObjectLegalHold Status");

  const holdRefused = await expectFailure(
    () => s3.send(new DeleteObjectCommand({ Bucket: LockBucket, Key: HeldKey, VersionId: held.VersionId, BypassGovernanceRetention: true })),
    "DeleteObject bypassing governance of a version under legal hold");
  expectError(holdRefused, "AccessDenied", 403, "DeleteObject bypassing governance of a version under legal hold");
  const stillHeld = await s3.send(new GetObjectCommand({ Bucket: LockBucket, Key: HeldKey, VersionId: held.VersionId }));
  expectBytes(await stillHeld.Body.transformToByteArray(), heldBody, "GetObject of the held version after the refused delete");

  await s3.send(new PutObjectLegalHoldCommand({ Bucket: LockBucket, Key: HeldKey, VersionId: held.VersionId, LegalHold: { Status: "OFF" } }));
  const released = await s3.send(new DeleteObjectCommand({ Bucket: LockBucket, Key: HeldKey, VersionId: held.VersionId, BypassGovernanceRetention: true }));
  expectEqual(released.VersionId, held.VersionId, "DeleteObject bypassing governance once the hold is off: VersionId");

  // 5c. A client that sends a checksum only where the operation requires one (a setting some
  // S3-compatible setups ask for) sends none on a PutObject, so S3 refuses its lock headers;
  // PutObjectRetention requires a checksum, so it still carries a CRC32 and goes through.
  const whenRequired = createS3Client(env, { requestChecksumCalculation: "WHEN_REQUIRED" });
  const bareMark = calls.length;
  const bare = await expectFailure(
    () => whenRequired.send(new PutObjectCommand({ Bucket: LockBucket, Key: "ledger/bare.csv", Body: "no checksum", ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: RetainUntilDate })),
    "PutObject with lock headers and no checksum");
  expectError(bare, "InvalidRequest", 400, "PutObject with lock headers and no checksum");
  const bareCall = calls[bareMark];
  const plain = await whenRequired.send(new PutObjectCommand({ Bucket: LockBucket, Key: "ledger/bare.csv", Body: "no checksum" }));
  const bareVersions = await s3.send(new ListObjectVersionsCommand({ Bucket: LockBucket, Prefix: "ledger/bare.csv" }));
  expectEqual((bareVersions.Versions ?? []).map((version) => version.VersionId), [plain.VersionId], "versions of ledger/bare.csv: the refused put stored none");
  const requiredMark = calls.length;
  await whenRequired.send(new PutObjectRetentionCommand({
    Bucket: LockBucket,
    Key: "ledger/bare.csv",
    VersionId: plain.VersionId,
    Retention: { Mode: "GOVERNANCE", RetainUntilDate },
  }));
  const requiredCall = calls[requiredMark];
  expectEqual(requiredCall.headers["x-amz-checksum-crc32"] !== null, true, "PutObjectRetention with WHEN_REQUIRED sends x-amz-checksum-crc32");

  const failed = calls.filter((call) => call.status === null);
  expectEqual(failed, [], "S3 calls that got no answer");

  return {
    bucket: Bucket,
    lockBucket: LockBucket,
    key: Key,
    versions: [first.VersionId, second.VersionId, uploaded.VersionId],
    deleteMarker: deleted.VersionId,
    refusedStatuses: { retention: refused.$metadata.httpStatusCode, legalHold: holdRefused.$metadata.httpStatusCode },
    // The checksum headers of the object lock writes, by client setting.
    lockChecksums: {
      whenSupported: { [retentionCall.operation]: retentionCall.headers, [lockedPutCall.operation]: lockedPutCall.headers },
      whenRequired: { [requiredCall.operation]: requiredCall.headers, [bareCall.operation]: bareCall.headers },
    },
    refusedBareLockPut: { status: bare.$metadata.httpStatusCode, code: bare.name, message: bare.message },
  };
});

function expectVersionId(versionId, what) {
  if (typeof versionId !== "string" || versionId === "" || versionId === "null") {
    throw new Mismatch(what, "a version id", versionId ?? null);
  }
}

function expectError(error, name, status, what) {
  expectEqual({ name: error.name, status: error.$metadata?.httpStatusCode }, { name, status }, `${what}: error`);
}
