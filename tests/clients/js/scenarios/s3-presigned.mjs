// @aws-sdk/s3-request-presigner: a browser-style upload and download through presigned URLs,
// carried by plain fetch() with no AWS code on the wire.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { etagOf, randomBody, sha256Hex } from "../lib/bytes.mjs";
import { expectBytes, expectEqual } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-presigned", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  const Key = "shared/report 2026 (final).pdf";
  await s3.send(new CreateBucketCommand({ Bucket }));
  const body = randomBody(700 * 1024 + 3);

  // 1. Upload through a presigned PUT. With default settings the SDK also puts
  // x-amz-checksum-crc32=AAAAAA== (the CRC32 of the empty body it saw) in the query. S3 ignores
  // checksums in presigned URLs, so the upload must succeed and must not store that value:
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html
  const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key, ContentType: "application/pdf" }), { expiresIn: 300 });
  const put = await fetch(putUrl, { method: "PUT", body, headers: { "Content-Type": "application/pdf" } });
  await expectOk(put, "presigned PUT");
  expectEqual(put.headers.get("etag"), etagOf(body), "presigned PUT ETag");

  // 2. Download through a presigned GET.
  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), { expiresIn: 300 });
  const got = await fetch(getUrl);
  await expectOk(got, "presigned GET");
  const bytes = Buffer.from(await got.arrayBuffer());
  expectBytes(bytes, body, "presigned GET body");
  expectEqual(got.headers.get("content-type"), "application/pdf", "presigned GET Content-Type");

  // 3. The SDK itself reads it back with checksum validation on: a stored empty-body CRC32
  // would fail here.
  const checked = await s3.send(new GetObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" }));
  expectBytes(await checked.Body.transformToByteArray(), body, "GetObject body");

  return {
    size: bytes.length,
    sha256: sha256Hex(bytes),
    putUrlChecksum: new URL(putUrl).searchParams.get("x-amz-checksum-crc32"),
    storedChecksum: checked.ChecksumCRC32 ?? null,
  };
});

async function expectOk(response, what) {
  if (!response.ok) {
    expectEqual({ status: response.status, body: await response.text() }, { status: 200, body: "" }, what);
  }
}
