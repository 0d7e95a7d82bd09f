// @aws-sdk/lib-storage Upload with a stream past one part, as a backup or media tool sends a large
// file: CreateMultipartUpload (lib-storage asks for CRC32 under the client's default
// WHEN_SUPPORTED), UploadParts four at a time, each with its CRC32, then CompleteMultipartUpload
// listing those CRC32s. The read back with ChecksumMode ENABLED lets the SDK check whatever
// checksum the server returns for the whole object.
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { MiB, multipartEtagOf, randomBody, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectEqual, expectStreamBytes } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-upload-multipart", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  const Key = "backups/2026-11-21 full.tar";
  await s3.send(new CreateBucketCommand({ Bucket }));

  // 17 MiB in 5 MiB parts: three whole parts and a 2 MiB last one. The stream has no length, so
  // lib-storage cuts it as it reads.
  const partSize = 5 * MiB;
  const body = randomBody(17 * MiB);
  const upload = new Upload({
    client: s3,
    params: { Bucket, Key, Body: streamOf(body), ContentType: "application/x-tar" },
    partSize,
    queueSize: 4,
  });
  const done = await upload.done();
  expectEqual(done.ETag, multipartEtagOf(body, partSize), "Upload ETag");
  expectEqual(done.Key, Key, "Upload Key");

  const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
  expectEqual(got.ContentLength, body.length, "GetObject ContentLength");
  expectEqual(got.ETag, done.ETag, "GetObject ETag");
  expectEqual(got.ContentType, "application/x-tar", "GetObject ContentType");
  await expectStreamBytes(got.Body, body, "GetObject body");

  return {
    size: body.length,
    sha256: sha256Hex(body),
    etag: done.ETag,
    checksumCRC32: got.ChecksumCRC32 ?? null,
    checksumType: got.ChecksumType ?? null,
  };
});
