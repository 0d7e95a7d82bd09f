// @aws-sdk/client-s3 with its defaults. A Buffer or string body goes out with its CRC32 in an
// x-amz-checksum-crc32 header; a stream body goes out aws-chunked with the CRC32 in a trailer.
// GETs with ChecksumMode ENABLED make the SDK check the server's x-amz-checksum-crc32 against the bytes.
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { MiB, etagOf, randomBody, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectBytes, expectEqual } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-put-get", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  await s3.send(new CreateBucketCommand({ Bucket }));

  // 1. A binary body, as a Buffer.
  const body = randomBody(3 * MiB);
  const put = await s3.send(new PutObjectCommand({ Bucket, Key: "uploads/photo.bin", Body: body }));
  expectEqual(put.ETag, etagOf(body), "PutObject ETag");
  expectEqual(typeof put.ChecksumCRC32, "string", "PutObject ChecksumCRC32 (the SDK sends CRC32 by default)");

  const got = await s3.send(new GetObjectCommand({ Bucket, Key: "uploads/photo.bin", ChecksumMode: "ENABLED" }));
  // Reading the whole body is what makes the SDK validate the checksum.
  const bytes = await got.Body.transformToByteArray();
  expectBytes(bytes, body, "GetObject body");
  expectEqual(sha256Hex(bytes), sha256Hex(body), "GetObject sha256");
  expectEqual(got.ChecksumCRC32, put.ChecksumCRC32, "GetObject ChecksumCRC32");
  expectEqual(got.ContentLength, body.length, "GetObject ContentLength");
  expectEqual(got.ETag, put.ETag, "GetObject ETag");

  // 2. A stream body of known length: aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER.
  const streamed = randomBody(MiB + 5);
  const streamPut = await s3.send(new PutObjectCommand({
    Bucket,
    Key: "uploads/streamed.bin",
    Body: streamOf(streamed),
    ContentLength: streamed.length,
  }));
  expectEqual(streamPut.ETag, etagOf(streamed), "PutObject (stream) ETag");
  const streamGot = await s3.send(new GetObjectCommand({ Bucket, Key: "uploads/streamed.bin", ChecksumMode: "ENABLED" }));
  expectBytes(await streamGot.Body.transformToByteArray(), streamed, "GetObject (stream) body");
  expectEqual(streamGot.ChecksumCRC32, streamPut.ChecksumCRC32, "GetObject (stream) ChecksumCRC32");

  // 3. A string body with a content type and user metadata. S3 lower-cases metadata names.
  const text = "hello from client-s3 \u2713\n";
  await s3.send(new PutObjectCommand({
    Bucket,
    Key: "notes/hello.txt",
    Body: text,
    ContentType: "text/plain; charset=utf-8",
    Metadata: { author: "strapi", "Original-Name": "Hello.TXT" },
  }));
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: "notes/hello.txt" }));
  expectEqual(head.ContentType, "text/plain; charset=utf-8", "HeadObject ContentType");
  expectEqual(head.ContentLength, Buffer.byteLength(text), "HeadObject ContentLength");
  expectEqual(head.Metadata, { author: "strapi", "original-name": "Hello.TXT" }, "HeadObject Metadata");

  const textGot = await s3.send(new GetObjectCommand({ Bucket, Key: "notes/hello.txt", ChecksumMode: "ENABLED" }));
  expectEqual(await textGot.Body.transformToString(), text, "GetObject text");

  return {
    size: bytes.length,
    sha256: sha256Hex(bytes),
    etag: put.ETag,
    streamedSha256: sha256Hex(streamed),
    checksumCRC32: got.ChecksumCRC32,
    contentType: head.ContentType,
    metadata: head.Metadata,
  };
});
