// Strapi's S3 provider, @strapi/provider-upload-aws-s3, with providerConfig.tags as its README
// shows them. The provider joins the tags into the Tagging parameter of every upload, and
// lib-storage sends that as x-amz-tagging: on the one PutObject of a file that fits a part, on the
// CreateMultipartUpload of one that does not. UploadPart and CompleteMultipartUpload carry no
// tags, so the server has to keep the upload's tags until it completes. lib-storage's own `tags`
// option (a PutObjectTagging after the upload) is not what the provider uses.
//
// 1. upload() of a small buffer and uploadStream() of a stream that goes out in three parts.
// 2. The wire: x-amz-tagging on the PutObject and the CreateMultipartUpload only, and no
//    separate PutObjectTagging.
// 3. Each object read back with our own client: GetObjectTagging's TagSet is exactly the
//    configured tags, HeadObject and GetObject count them, and the bytes are the ones uploaded.
import { CreateBucketCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { MiB, randomBody, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectEqual, expectStreamBytes, expectTagSet } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";
import { initStrapiProvider, strapiFile } from "../lib/strapi.mjs";
import { recordS3Calls } from "../lib/wire.mjs";

const calls = recordS3Calls({ headers: ["x-amz-tagging"] });

// Every character S3 allows in a tag besides letters and digits, a space, and letters outside
// ASCII, so that each must survive the provider's encodeURIComponent and the server's decoding.
const tags = {
  application: "strapi",
  environment: "e2e",
  "cost centre": "media/web",
  owner: "ops+media@example.com",
  "release:channel": "v5.52_stable=yes-or.no",
  région: "Île-de-France",
};

await runScenario("strapi-upload-tags", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  await s3.send(new CreateBucketCommand({ Bucket }));
  calls.splice(0);
  const provider = initStrapiProvider(env, { providerConfig: { tags } });
  expectEqual(provider.getProviderConfig().tags, tags, "getProviderConfig() tags");

  // 1. Strapi fills in hash and ext; the provider stores the file at hash + ext.
  const logoBody = randomBody(48 * 1024 + 5);
  const logo = strapiFile("logo.svg", "logo_5e0f7a2c91", ".svg", "image/svg+xml", { buffer: logoBody });
  await provider.upload(logo);

  const trailerBody = randomBody(12 * MiB + 345);
  const trailer = strapiFile("trailer.mp4", "trailer_d27b6c0e48", ".mp4", "video/mp4", { stream: streamOf(trailerBody) });
  await provider.uploadStream(trailer);
  expectEqual(trailer.etag.endsWith("-3"), true, `uploadStream() etag ${trailer.etag} is a three-part multipart ETag`);

  // 2. What went out, before our own reads join the record.
  const uploadCalls = calls.splice(0);
  expectEqual(
    uploadCalls.map((call) => call.operation),
    ["PutObject", "CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"],
    "the provider's S3 calls");
  expectEqual(uploadCalls.filter((call) => call.status !== 200), [], "provider calls that did not answer 200");
  for (const call of uploadCalls) {
    const carriesTags = call.operation === "PutObject" || call.operation === "CreateMultipartUpload";
    expectEqual(call.headers["x-amz-tagging"] !== null, carriesTags, `${call.operation} sends x-amz-tagging`);
  }

  // 3. The tags on each object, counted the same way by HEAD and GET.
  const stored = {};
  for (const [name, key, body] of [["logo", "logo_5e0f7a2c91.svg", logoBody], ["trailer", "trailer_d27b6c0e48.mp4", trailerBody]]) {
    const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket, Key: key }));
    expectTagSet(tagging.TagSet, tags, `${name}: GetObjectTagging TagSet`);

    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
    expectEqual(head.TagCount, Object.keys(tags).length, `${name}: HeadObject TagCount`);

    const got = await s3.send(new GetObjectCommand({ Bucket, Key: key, ChecksumMode: "ENABLED" }));
    expectEqual(got.TagCount, Object.keys(tags).length, `${name}: GetObject TagCount`);
    expectEqual(got.ContentType, name === "logo" ? "image/svg+xml" : "video/mp4", `${name}: GetObject ContentType`);
    await expectStreamBytes(got.Body, body, `${name}: GetObject body`);

    stored[name] = { key, size: body.length, sha256: sha256Hex(body), tagSet: tagging.TagSet, tagCount: got.TagCount };
  }

  return {
    tags,
    calls: uploadCalls,
    logo: stored.logo,
    trailer: { ...stored.trailer, etag: trailer.etag },
  };
});
