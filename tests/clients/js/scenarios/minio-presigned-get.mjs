// The minio npm client's presignedGetObject, fetched with plain fetch(). Without a region the
// client asks the server with GetBucketLocation, and signs for the region it is told.
import { randomBody, sha256Hex } from "../lib/bytes.mjs";
import { expectBytes, expectEqual } from "../lib/checks.mjs";
import { createMinioClient } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("minio-presigned-get", async (env) => {
  const minio = createMinioClient(env);
  const bucket = env.bucket;
  const name = "share/invoice #7 (copy).pdf";
  await minio.makeBucket(bucket);
  const body = randomBody(200 * 1024 + 1);
  await minio.putObject(bucket, name, body, body.length, { "Content-Type": "application/pdf" });

  const url = await minio.presignedGetObject(bucket, name, 300);
  const response = await fetch(url);
  expectEqual(response.status, 200, "presigned GET status");
  const bytes = Buffer.from(await response.arrayBuffer());
  expectBytes(bytes, body, "presigned GET body");
  expectEqual(response.headers.get("content-type"), "application/pdf", "presigned GET Content-Type");

  // A response override, as a download link that names the saved file would use.
  const download = await minio.presignedGetObject(bucket, name, 300, { "response-content-disposition": 'attachment; filename="invoice.pdf"' });
  const overridden = await fetch(download);
  expectEqual(overridden.status, 200, "presigned GET with override status");
  await overridden.arrayBuffer();
  expectEqual(overridden.headers.get("content-disposition"), 'attachment; filename="invoice.pdf"', "response-content-disposition");

  return { size: bytes.length, sha256: sha256Hex(bytes) };
});
