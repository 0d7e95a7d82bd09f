// @aws-sdk/client-s3 low-level multipart commands with an explicit CRC32, as tools that drive
// the upload themselves do: CreateMultipartUpload and every UploadPart name ChecksumAlgorithm
// CRC32, so each part goes out with its x-amz-checksum-crc32, and CompleteMultipartUpload lists
// each part's CRC32 back, as S3 requires for an upload created with a checksum algorithm.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { MiB, multipartEtagOf, randomBody, sha256Hex } from "../lib/bytes.mjs";
import { expectEqual, expectStreamBytes } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-multipart-crc32", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  const Key = "exports/crc32 parts.csv";
  await s3.send(new CreateBucketCommand({ Bucket }));

  // 1. Create the upload with CRC32.
  const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: "CRC32" }));
  expectEqual(created.ChecksumAlgorithm, "CRC32", "CreateMultipartUpload ChecksumAlgorithm");
  const UploadId = created.UploadId;

  // 2. Two parts, 5 MiB and 1 MiB, one after the other.
  const partSize = 5 * MiB;
  const body = randomBody(6 * MiB);
  const Parts = [];
  for (let offset = 0, PartNumber = 1; offset < body.length; offset += partSize, PartNumber++) {
    const part = await s3.send(new UploadPartCommand({
      Bucket,
      Key,
      UploadId,
      PartNumber,
      Body: body.subarray(offset, offset + partSize),
      ChecksumAlgorithm: "CRC32",
    }));
    expectEqual(typeof part.ChecksumCRC32, "string", `UploadPart ${PartNumber} ChecksumCRC32`);
    Parts.push({ PartNumber, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 });
  }

  // 3. Complete with each part's ETag and CRC32.
  const completed = await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));
  expectEqual(completed.ETag, multipartEtagOf(body, partSize), "CompleteMultipartUpload ETag");

  // 4. Read it back with checksum validation on. Which whole-object checksum the server returns
  // (composite or full-object) is not checked here, only that the SDK accepts it with the bytes.
  const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
  expectEqual(got.ContentLength, body.length, "GetObject ContentLength");
  expectEqual(got.ETag, completed.ETag, "GetObject ETag");
  await expectStreamBytes(got.Body, body, "GetObject body");

  return {
    size: body.length,
    sha256: sha256Hex(body),
    etag: completed.ETag,
    parts: Parts.length,
    checksumCRC32: got.ChecksumCRC32 ?? null,
    checksumType: got.ChecksumType ?? null,
  };
});
