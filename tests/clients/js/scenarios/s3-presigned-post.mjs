// @aws-sdk/s3-presigned-post: the browser upload form a web app hands to its users. The form is
// sent the way a browser sends it, with Node's fetch and FormData, and no AWS code on the wire.
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { etagOf, randomBody, sha256Hex } from "../lib/bytes.mjs";
import { expectBytes, expectEqual } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-presigned-post", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  await s3.send(new CreateBucketCommand({ Bucket }));
  const maxSize = 512 * 1024;

  // 1. The app signs a policy: a key under avatars/ named after the file, an image type, at most 512 KiB,
  // and a 201 answer so that the page can read the stored key back.
  const { url, fields } = await createPresignedPost(s3, {
    Bucket,
    Key: "avatars/${filename}",
    Conditions: [
      ["content-length-range", 1, maxSize],
      ["starts-with", "$Content-Type", "image/"],
    ],
    Fields: { "Content-Type": "image/png", success_action_status: "201", "x-amz-meta-uploaded-by": "browser" },
    Expires: 300,
  });

  // 2. The browser posts the form, the file last, as an <input type="file"> would send it.
  const body = randomBody(300 * 1024 + 7);
  const posted = await fetch(url, { method: "POST", body: formOf(fields, body, "me at the beach.png") });
  const document = await posted.text();
  expectEqual(posted.status, 201, `POST status (${document})`);
  expectEqual(posted.headers.get("etag"), etagOf(body), "POST ETag");
  const key = /<Key>([^<]*)<\/Key>/.exec(document)?.[1];
  expectEqual(key, "avatars/me at the beach.png", "PostResponse Key");

  // 3. The SDK reads back what the form stored: the bytes, the type and the metadata.
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
  const bytes = Buffer.from(await got.Body.transformToByteArray());
  expectBytes(bytes, body, "GetObject body");
  expectEqual(got.ContentType, "image/png", "GetObject ContentType");
  expectEqual(got.Metadata?.["uploaded-by"], "browser", "GetObject metadata");

  // 4. A file over the policy's limit is refused and leaves nothing behind.
  const tooLarge = await fetch(url, { method: "POST", body: formOf(fields, randomBody(maxSize + 1), "huge.png") });
  const refusal = await tooLarge.text();
  const stored = await s3.send(new HeadObjectCommand({ Bucket, Key: "avatars/huge.png" })).then(() => true, () => false);

  return {
    size: bytes.length,
    sha256: sha256Hex(bytes),
    location: posted.headers.get("location"),
    tooLargeStatus: tooLarge.status,
    tooLargeCode: /<Code>([^<]*)<\/Code>/.exec(refusal)?.[1] ?? null,
    tooLargeStored: stored,
  };
});

function formOf(fields, bytes, fileName) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    form.append(name, value);
  }
  form.append("file", new Blob([bytes], { type: "image/png" }), fileName);
  return form;
}
