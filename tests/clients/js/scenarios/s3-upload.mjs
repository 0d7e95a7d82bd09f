// @aws-sdk/lib-storage Upload, the way Strapi's S3 provider calls it: a file stream and a content
// type. A 1 MiB body fits in the first 5 MiB part, so Upload sends one plain PutObject.
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { MiB, etagOf, randomBody, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectBytes, expectEqual } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-upload", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  const Key = "uploads/large_photo_0a1b2c.jpg";
  await s3.send(new CreateBucketCommand({ Bucket }));

  const body = randomBody(MiB);
  const upload = new Upload({ client: s3, params: { Bucket, Key, Body: streamOf(body), ContentType: "image/jpeg" } });
  const done = await upload.done();
  expectEqual(done.ETag, etagOf(body), "Upload ETag");

  const got = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
  expectBytes(await got.Body.transformToByteArray(), body, "GetObject body");
  expectEqual(got.ContentType, "image/jpeg", "GetObject ContentType");

  return { size: body.length, sha256: sha256Hex(body), etag: done.ETag, location: done.Location };
});
