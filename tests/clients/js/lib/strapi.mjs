// Strapi's S3 provider, @strapi/provider-upload-aws-s3, set up as a Strapi project's
// config/plugins.js sets it up for an S3-compatible server, and the file entities Strapi hands it.
import strapiS3 from "@strapi/provider-upload-aws-s3";

// params beyond the bucket (ACL: left out, the provider defaults to public-read) and providerConfig
// (tags, encryption, ...) as the project gives them.
export function initStrapiProvider(env, { params = {}, providerConfig } = {}) {
  return strapiS3.init({
    s3Options: {
      credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
      region: env.region,
      endpoint: env.endpoint,
      forcePathStyle: true,
      params: { Bucket: env.bucket, ...params },
    },
    ...(providerConfig ? { providerConfig } : {}),
  });
}

// The fields of Strapi's file entity that the provider reads, and the buffer or stream Strapi adds.
export function strapiFile(name, hash, ext, mime, content) {
  return { name, hash, ext, mime, provider: "aws-s3", ...content };
}
