// @aws-sdk/client-s3 low-level multipart commands with an explicit CRC32, as tools that drive
// the upload themselves do: CreateMultipartUpload names ChecksumAlgorithm CRC32 (and a checksum
// type, or none for S3's default, COMPOSITE), every UploadPart names CRC32 so each part goes out
// with its x-amz-checksum-crc32, and CompleteMultipartUpload lists each part's CRC32 back, as S3
// requires for an upload created with a checksum algorithm. Then the object is read back with
// ChecksumMode ENABLED: the SDK checks a full-object CRC32 against the bytes as they arrive, and
// lets a composite one ("-N") through unchecked.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { crc32Base64, multipartEtagOf, partsOf, randomBody, sha256Hex } from "./bytes.mjs";
import { expectEqual, expectStreamBytes } from "./checks.mjs";
import { createS3Client } from "./clients.mjs";

// checksumType is what CreateMultipartUpload sends (undefined: no header); expectedType is
// the type the object must get; expectedChecksum(body, partSize) its ChecksumCRC32.
export async function crc32MultipartRoundTrip(env, { Key, size, partSize, checksumType, expectedType, expectedChecksum }) {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  await s3.send(new CreateBucketCommand({ Bucket }));

  // 1. Create the upload with CRC32.
  const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: "CRC32", ChecksumType: checksumType }));
  expectEqual(created.ChecksumAlgorithm, "CRC32", "CreateMultipartUpload ChecksumAlgorithm");
  expectEqual(created.ChecksumType, expectedType, "CreateMultipartUpload ChecksumType");
  const UploadId = created.UploadId;

  // 2. The parts, one after the other.
  const body = randomBody(size);
  const Parts = [];
  for (const [index, piece] of partsOf(body, partSize).entries()) {
    const PartNumber = index + 1;
    const part = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: piece, ChecksumAlgorithm: "CRC32" }));
    expectEqual(part.ChecksumCRC32, crc32Base64(piece), `UploadPart ${PartNumber} ChecksumCRC32`);
    Parts.push({ PartNumber, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 });
  }

  // 3. Complete with each part's ETag and CRC32; the object's CRC32 comes back.
  const completed = await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));
  expectEqual(completed.ETag, multipartEtagOf(body, partSize), "CompleteMultipartUpload ETag");
  expectEqual(completed.ChecksumCRC32, expectedChecksum(body, partSize), "CompleteMultipartUpload ChecksumCRC32");
  expectEqual(completed.ChecksumType, expectedType, "CompleteMultipartUpload ChecksumType");

  // 4. Read it back with checksum validation on; the stream fails at its end on a wrong CRC32.
  const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
  expectEqual(got.ContentLength, body.length, "GetObject ContentLength");
  expectEqual(got.ETag, completed.ETag, "GetObject ETag");
  expectEqual(got.ChecksumCRC32, completed.ChecksumCRC32, "GetObject ChecksumCRC32");
  expectEqual(got.ChecksumType, expectedType, "GetObject ChecksumType");
  await expectStreamBytes(got.Body, body, "GetObject body");

  return {
    size: body.length,
    sha256: sha256Hex(body),
    etag: completed.ETag,
    parts: Parts.length,
    checksumCRC32: got.ChecksumCRC32,
    checksumType: got.ChecksumType,
  };
}
