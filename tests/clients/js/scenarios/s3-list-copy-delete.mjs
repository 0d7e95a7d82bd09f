// @aws-sdk/client-s3 with its defaults: a folder-style listing, a server-side copy that keeps the
// source's headers, and a multi-object delete (which the SDK sends with a CRC32 of the XML body).
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { expectEqual } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-list-copy-delete", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  await s3.send(new CreateBucketCommand({ Bucket }));
  const keys = ["docs/a.txt", "docs/b.txt", "img/c.png", "readme.txt"];
  for (const Key of keys) {
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: `content of ${Key}`, ContentType: "text/plain", Metadata: { origin: Key } }));
  }

  // 1. Listing one level, as a file browser does.
  const top = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: "/" }));
  const folders = (top.CommonPrefixes ?? []).map((p) => p.Prefix);
  const files = (top.Contents ?? []).map((o) => o.Key);
  expectEqual(folders, ["docs/", "img/"], "ListObjectsV2 CommonPrefixes");
  expectEqual(files, ["readme.txt"], "ListObjectsV2 Contents");
  expectEqual(top.KeyCount, 3, "ListObjectsV2 KeyCount");
  expectEqual(top.IsTruncated, false, "ListObjectsV2 IsTruncated");

  const docs = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: "docs/", Delimiter: "/" }));
  expectEqual((docs.Contents ?? []).map((o) => o.Key), ["docs/a.txt", "docs/b.txt"], "ListObjectsV2 Contents under docs/");
  expectEqual(docs.Contents[0].Size, Buffer.byteLength("content of docs/a.txt"), "ListObjectsV2 Size");

  // 2. Copy with the default metadata directive (COPY): headers travel with the bytes.
  const copy = await s3.send(new CopyObjectCommand({ Bucket, Key: "archive/readme.txt", CopySource: `${Bucket}/readme.txt` }));
  const source = await s3.send(new HeadObjectCommand({ Bucket, Key: "readme.txt" }));
  expectEqual(copy.CopyObjectResult?.ETag, source.ETag, "CopyObject ETag");
  const copied = await s3.send(new GetObjectCommand({ Bucket, Key: "archive/readme.txt" }));
  expectEqual(await copied.Body.transformToString(), "content of readme.txt", "copied body");
  expectEqual(copied.ContentType, "text/plain", "copied ContentType");
  expectEqual(copied.Metadata, { origin: "readme.txt" }, "copied Metadata");

  // 3. Delete everything in one request; S3 reports a missing key as deleted too.
  const toDelete = [...keys, "archive/readme.txt", "never/existed.txt"];
  const deleted = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: toDelete.map((Key) => ({ Key })) } }));
  expectEqual((deleted.Deleted ?? []).map((d) => d.Key).sort(), [...toDelete].sort(), "DeleteObjects Deleted");
  expectEqual(deleted.Errors ?? [], [], "DeleteObjects Errors");

  const after = await s3.send(new ListObjectsV2Command({ Bucket }));
  expectEqual(after.KeyCount, 0, "ListObjectsV2 KeyCount after delete");

  return { folders, files, copyETag: copy.CopyObjectResult.ETag, deleted: deleted.Deleted.length, remaining: after.KeyCount };
});
