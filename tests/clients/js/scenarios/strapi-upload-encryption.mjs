// Strapi's S3 provider, @strapi/provider-upload-aws-s3, with providerConfig.encryption as its README
// shows it: { type: 'aws:kms', kmsKeyId } and { type: 'AES256' }. The provider turns that into the
// ServerSideEncryption and SSEKMSKeyId parameters of every upload, which lib-storage sends as
// x-amz-server-side-encryption(-aws-kms-key-id) on the PutObject of a small file and on the
// CreateMultipartUpload of a large one. The KMS key is made the way an operator would, with
// @aws-sdk/client-kms against the same endpoint.
//
// 1. CreateKey and an alias for it.
// 2. For each kind, a public provider (ACL public-read) uploads a small buffer with upload() and
//    a stream that goes out in three parts with uploadStream(), and a private provider (ACL
//    private) uploads a small buffer. The KMS providers name the key by id (public) and by alias
//    (private); a provider without encryption uploads one more file, for the xunit side to show
//    that its scan of the data directory finds plaintext where there is some.
// 3. The wire: the encryption headers on the PutObject and CreateMultipartUpload only.
// 4. Each object: HeadObject and the provider's getObjectMetadata() name the kind (and the key's
//    ARN for aws:kms); GetObject gives the bytes back; provider.getSignedUrl() fetches them; the
//    unsigned url serves a public AES256 file, but not an aws:kms one (S3 requires KMS reads to
//    be signed) nor a private one.
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { CreateAliasCommand, CreateKeyCommand } from "@aws-sdk/client-kms";
import { randomBytes } from "node:crypto";
import { MiB, markedBody, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectBytes, expectEqual, expectStreamBytes, Mismatch } from "../lib/checks.mjs";
import { createKmsClient, createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";
import { initStrapiProvider, strapiFile } from "../lib/strapi.mjs";
import { recordS3Calls } from "../lib/wire.mjs";

const SSE = "x-amz-server-side-encryption";
const SSE_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
const calls = recordS3Calls({ headers: [SSE, SSE_KEY] });

// The provider warns, once per init, that aws:kms is AWS-specific when the endpoint is not AWS's.
const warnings = [];
process.on("warning", (warning) => warnings.push(warning.message));

await runScenario("strapi-upload-encryption", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  await s3.send(new CreateBucketCommand({ Bucket }));

  // 1. The media library's key.
  const kms = createKmsClient(env);
  const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({ Description: "Strapi media library" }));
  const alias = `alias/strapi-media-${randomBytes(4).toString("hex")}`;
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }));
  calls.splice(0);

  // 2. Uploads through six providers, two per kind, and one without encryption.
  const kinds = {
    "aws:kms": { encryption: { type: "aws:kms", kmsKeyId: key.KeyId }, privateEncryption: { type: "aws:kms", kmsKeyId: alias }, keyArn: key.Arn },
    AES256: { encryption: { type: "AES256" }, privateEncryption: { type: "AES256" }, keyArn: null },
  };
  const files = [];
  for (const [kind, { encryption, privateEncryption, keyArn }] of Object.entries(kinds)) {
    const tag = kind === "AES256" ? "aes" : "kms";
    const publicProvider = init(env, "public-read", encryption);
    const privateProvider = init(env, "private", privateEncryption);
    files.push(await uploadOne(publicProvider, `${tag}-image`, kind, keyArn, "upload", `hero_${tag}_1c9e`, ".jpg", "image/jpeg", 180 * 1024 + 11));
    files.push(await uploadOne(publicProvider, `${tag}-video`, kind, keyArn, "uploadStream", `clip_${tag}_77d0`, ".mp4", "video/mp4", 12 * MiB + 345));
    files.push(await uploadOne(privateProvider, `${tag}-private`, kind, keyArn, "upload", `payslip_${tag}_04b2`, ".pdf", "application/pdf", 40 * 1024 + 3));
  }
  files.push(await uploadOne(init(env, "public-read", undefined), "plain", null, null, "upload", "notes_plain_9a1f", ".txt", "text/plain", 20 * 1024 + 1));

  // 3. What went out, before our own reads join the record.
  const uploadCalls = calls.splice(0);
  expectEqual(uploadCalls.filter((call) => call.status !== 200), [], "provider calls that did not answer 200");

  // 4. Each object as a client, a signed url and a stranger see it.
  const checked = {};
  for (const file of files) {
    checked[file.name] = await check(s3, Bucket, file);
  }

  return { keyArn: key.Arn, keyId: key.KeyId, alias, warnings, calls: uploadCalls, files: checked };
});

async function uploadOne(provider, name, kind, keyArn, method, hash, ext, mime, size) {
  const { body, marker } = markedBody(size);
  const file = strapiFile(name, hash, ext, mime, method === "upload" ? { buffer: body } : { stream: streamOf(body) });
  await provider[method](file);
  return { name, kind, keyArn, method, provider, file, body, marker, key: hash + ext };
}

async function check(s3, Bucket, { name, kind, keyArn, method, provider, file, body, marker, key }) {
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
  expectEqual([head.ServerSideEncryption, head.SSEKMSKeyId], [kind ?? undefined, keyArn ?? undefined], `${name}: HeadObject encryption`);
  const metadata = await provider.getObjectMetadata(file);
  expectEqual(metadata.serverSideEncryption, kind ?? undefined, `${name}: provider getObjectMetadata() serverSideEncryption`);
  expectEqual(metadata.etag, file.etag, `${name}: provider getObjectMetadata() etag`);

  const got = await s3.send(new GetObjectCommand({ Bucket, Key: key, ChecksumMode: "ENABLED" }));
  expectEqual([got.ServerSideEncryption, got.SSEKMSKeyId], [kind ?? undefined, keyArn ?? undefined], `${name}: GetObject encryption`);
  await expectStreamBytes(got.Body, body, `${name}: GetObject body`);

  // Strapi signs the url of every file of a private provider; any file's signed url must work.
  const { url: signedUrl } = await provider.getSignedUrl(file);
  const signed = await fetch(signedUrl);
  const signedBody = Buffer.from(await signed.arrayBuffer());
  if (!signed.ok) {
    throw new Mismatch(`${name}: signed url status`, 200, { status: signed.status, body: signedBody.toString("utf8", 0, 300) });
  }
  expectBytes(signedBody, body, `${name}: fetched by signed url`);
  expectEqual(signed.headers.get(SSE), kind, `${name}: signed url response ${SSE}`);
  expectEqual(signed.headers.get(SSE_KEY), keyArn, `${name}: signed url response ${SSE_KEY}`);

  const unsigned = await fetch(file.url);
  const unsignedBody = Buffer.from(await unsigned.arrayBuffer());
  const servesStrangers = !provider.isPrivate() && kind !== "aws:kms";
  expectEqual(unsigned.status, servesStrangers ? 200 : 403, `${name}: unsigned url status`);
  if (servesStrangers) {
    expectBytes(unsignedBody, body, `${name}: fetched by unsigned url`);
  }

  return {
    key,
    kind,
    method,
    private: provider.isPrivate(),
    size: body.length,
    sha256: sha256Hex(body),
    marker: marker.toString("ascii"),
    etag: file.etag,
    head: { serverSideEncryption: head.ServerSideEncryption ?? null, ssekmsKeyId: head.SSEKMSKeyId ?? null },
    unsignedStatus: unsigned.status,
    unsignedCode: unsigned.ok ? null : /<Code>([^<]*)<\/Code>/.exec(unsignedBody.toString("utf8"))?.[1] ?? null,
  };
}

// The provider with providerConfig.encryption as the README shows it, or none.
function init(env, ACL, encryption) {
  return initStrapiProvider(env, { params: { ACL }, providerConfig: encryption ? { encryption } : undefined });
}
