// The minio npm client's putObject of a stream larger than its part size, which it sends as a
// multipart upload: ListMultipartUploads (to resume an earlier attempt), CreateMultipartUpload,
// UploadParts with Content-MD5, CompleteMultipartUpload. Its default part size is 64 MiB; the
// constructor's partSize option brings that down to the 5 MiB minimum.
import { MiB, multipartEtagOf, randomBody, readAll, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectBytes, expectEqual, expectStreamBytes } from "../lib/checks.mjs";
import { createMinioClient } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("minio-multipart", async (env) => {
  const partSize = 5 * MiB;
  const minio = createMinioClient(env, { partSize });
  const bucket = env.bucket;
  const name = "archive/site backup.zip";
  await minio.makeBucket(bucket);

  // 1. 12 MiB and a little: parts of 5, 5 and 2 MiB. A stream of known size is what makes minio
  // go multipart; a Buffer always goes up as one PUT.
  const body = randomBody(12 * MiB + 345);
  const put = await minio.putObject(bucket, name, streamOf(body), body.length, { "Content-Type": "application/zip" });
  expectEqual(`"${put.etag}"`, multipartEtagOf(body, partSize), "putObject etag");

  const stat = await minio.statObject(bucket, name);
  expectEqual(stat.size, body.length, "statObject size");
  expectEqual(stat.etag, put.etag, "statObject etag");
  expectEqual(stat.metaData["content-type"], "application/zip", "statObject content-type");

  // 2. The whole object, then a range across the boundary between the first two parts.
  await expectStreamBytes(await minio.getObject(bucket, name), body, "getObject");
  const offset = partSize - 1000;
  const range = await readAll(await minio.getPartialObject(bucket, name, offset, 2000));
  expectBytes(range, body.subarray(offset, offset + 2000), "getPartialObject across parts 1 and 2");

  return { size: body.length, sha256: sha256Hex(body), etag: put.etag };
});
