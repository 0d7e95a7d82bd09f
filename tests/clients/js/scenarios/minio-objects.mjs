// The minio npm client with a typical configuration (endpoint and keys, no region). Bodies stay
// below minio's part size, so every putObject is one plain PUT signed over its SHA-256.
import { MiB, etagOf, randomBody, readAll, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectBytes, expectEqual } from "../lib/checks.mjs";
import { createMinioClient } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("minio-objects", async (env) => {
  const minio = createMinioClient(env);
  const bucket = env.bucket;
  await minio.makeBucket(bucket);
  expectEqual(await minio.bucketExists(bucket), true, "bucketExists");

  // 1. A Buffer, with a content type and metadata.
  const buffer = randomBody(4 * MiB + 123);
  const put = await minio.putObject(bucket, "media/clip.bin", buffer, buffer.length, { "Content-Type": "video/mp4", "X-Amz-Meta-Owner": "minio-js" });
  expectEqual(`"${put.etag}"`, etagOf(buffer), "putObject (Buffer) etag");

  // 2. A stream. Its size must be given: without one, minio switches to a multipart upload.
  const streamed = randomBody(300 * 1024 + 11);
  await minio.putObject(bucket, "media/streamed.bin", streamOf(streamed), streamed.length);

  // 3. Read both back.
  expectBytes(await readAll(await minio.getObject(bucket, "media/clip.bin")), buffer, "getObject (Buffer)");
  expectBytes(await readAll(await minio.getObject(bucket, "media/streamed.bin")), streamed, "getObject (stream)");

  const stat = await minio.statObject(bucket, "media/clip.bin");
  expectEqual(stat.size, buffer.length, "statObject size");
  expectEqual(`"${stat.etag}"`, etagOf(buffer), "statObject etag");
  expectEqual(stat.metaData["content-type"], "video/mp4", "statObject content-type");
  expectEqual(stat.metaData.owner, "minio-js", "statObject metadata");

  // 4. List recursively, then one level.
  const all = await collect(minio.listObjectsV2(bucket, "", true));
  expectEqual(all.map((o) => [o.name, o.size]), [["media/clip.bin", buffer.length], ["media/streamed.bin", streamed.length]], "listObjectsV2 recursive");
  const top = await collect(minio.listObjectsV2(bucket, "", false));
  expectEqual(top.map((o) => o.prefix ?? o.name), ["media/"], "listObjectsV2 one level");

  // 5. Remove one, list again.
  await minio.removeObject(bucket, "media/clip.bin");
  const after = await collect(minio.listObjectsV2(bucket, "", true));
  expectEqual(after.map((o) => o.name), ["media/streamed.bin"], "listObjectsV2 after removeObject");

  return {
    sha256: sha256Hex(buffer),
    streamedSha256: sha256Hex(streamed),
    etag: stat.etag,
    listed: all.map((o) => o.name),
    remaining: after.map((o) => o.name),
  };
});

function collect(stream) {
  return new Promise((resolve, reject) => {
    const items = [];
    stream.on("data", (item) => items.push(item));
    stream.on("error", reject);
    stream.on("end", () => resolve(items));
  });
}
