// Strapi's media library through its own S3 provider, @strapi/provider-upload-aws-s3, configured
// as its README shows for an S3-compatible endpoint, and signed with whatever key the test hands
// in (an IAM user with only the media-library permission set). The bucket already exists: the
// provider never creates one, and that user may not.
//
// 1. A public provider (ACL public-read, the provider's default): upload() of a small buffer and
//    uploadStream() of a stream that lib-storage sends in parts. Each file's url is then fetched
//    with no credentials at all, as a browser on the site would.
// 2. A private provider (ACL private): the url is refused to strangers, getSignedUrl() is not.
// 3. delete() of every file; the urls stop answering.
import { MiB, randomBody, sha256Hex, streamOf } from "../lib/bytes.mjs";
import { expectBytes, expectEqual, Mismatch } from "../lib/checks.mjs";
import { runScenario } from "../lib/scenario.mjs";
import { initStrapiProvider, strapiFile } from "../lib/strapi.mjs";
import { recordS3Calls } from "../lib/wire.mjs";

const calls = recordS3Calls();

await runScenario("strapi-upload", async (env) => {
  const publicProvider = init(env, "public-read");
  const privateProvider = init(env, "private");

  // 1. Public files. Strapi fills in hash and ext; the provider stores the file at hash + ext.
  const avatarBody = randomBody(20 * 1024 + 3);
  const avatar = strapiFile("avatar.png", "avatar_3f9c1e2d7a", ".png", "image/png", { buffer: avatarBody });
  await publicProvider.upload(avatar);
  expectEqual(avatar.url, `${env.endpoint}/${env.bucket}/avatar_3f9c1e2d7a.png`, "upload() url");
  expectBytes(await fetchPublic(avatar.url, "image/png", "avatar"), avatarBody, "avatar fetched by url");

  const videoBody = randomBody(12 * MiB + 345);
  const video = strapiFile("intro video.mp4", "intro_video_b81d04c6e5", ".mp4", "video/mp4", { stream: streamOf(videoBody) });
  await publicProvider.uploadStream(video);
  expectEqual(video.url, `${env.endpoint}/${env.bucket}/intro_video_b81d04c6e5.mp4`, "uploadStream() url");
  expectEqual(video.etag.endsWith("-3"), true, `uploadStream() etag ${video.etag} is a three-part multipart ETag`);
  expectBytes(await fetchPublic(video.url, "video/mp4", "video"), videoBody, "video fetched by url");

  // 2. A private file: Strapi asks isPrivate() before every read and signs the url if so.
  expectEqual(publicProvider.isPrivate(), false, "public-read provider isPrivate()");
  expectEqual(privateProvider.isPrivate(), true, "private provider isPrivate()");
  const contractBody = randomBody(5 * 1024);
  const contract = strapiFile("contract.pdf", "contract_0c4a9b7e21", ".pdf", "application/pdf", { buffer: contractBody });
  await privateProvider.upload(contract);
  const contractUnsigned = await fetch(contract.url);
  expectEqual(contractUnsigned.status, 403, "private file fetched unsigned: status");
  const { url: signedUrl } = await privateProvider.getSignedUrl(contract);
  expectEqual(new URL(signedUrl).searchParams.get("X-Amz-Credential")?.split("/")[0], env.accessKeyId, "signed url credential");
  expectBytes(await fetchPublic(signedUrl, "application/pdf", "contract"), contractBody, "contract fetched by signed url");

  // 3. Delete everything. An anonymous GET of a missing key in a bucket the caller may not list
  // is 403 AccessDenied on S3 (404 would reveal which keys exist); 404 is acceptable too.
  const goneStatuses = {};
  for (const [name, provider, file] of [["avatar", publicProvider, avatar], ["video", publicProvider, video], ["contract", privateProvider, contract]]) {
    await provider.delete(file);
    const gone = await fetch(name === "contract" ? signedUrl : file.url);
    await gone.arrayBuffer();
    if (gone.status !== 403 && gone.status !== 404) {
      throw new Mismatch(`${name} fetched after delete(): status`, "403 or 404", gone.status);
    }
    goneStatuses[name] = gone.status;
  }

  const failed = calls.filter((call) => call.status === null || call.status >= 300);
  expectEqual(failed, [], "S3 calls that did not succeed");

  return {
    calls,
    avatar: { url: avatar.url, size: avatarBody.length, sha256: sha256Hex(avatarBody) },
    video: { url: video.url, size: videoBody.length, sha256: sha256Hex(videoBody), etag: video.etag },
    contract: { url: contract.url, unsignedStatus: contractUnsigned.status },
    goneStatuses,
  };
});

function init(env, ACL) {
  return initStrapiProvider(env, { params: { ACL } });
}

async function fetchPublic(url, contentType, what) {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) {
    throw new Mismatch(`${what} fetched by url: status`, 200, { status: response.status, body: body.toString("utf8", 0, 300) });
  }
  expectEqual(response.headers.get("content-type"), contentType, `${what} fetched by url: Content-Type`);
  return body;
}
