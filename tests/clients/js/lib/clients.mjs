// The clients as our users configure them: only what an S3-compatible endpoint needs, every
// other setting (checksums, chunked uploads, retries) left at the library's default.
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import * as Minio from "minio";

// Options such as requestChecksumCalculation pass through, for the scenarios about a setting users change.
export function createS3Client(env, options = {}) {
  return new S3Client({
    endpoint: env.endpoint,
    region: env.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    ...options,
  });
}

// No region on purpose: most minio users leave it out, which makes the client ask the server
// with GetBucketLocation before its first request to a bucket. Options such as partSize pass
// through to the constructor.
export function createMinioClient(env, options = {}) {
  const url = new URL(env.endpoint);
  return new Minio.Client({
    endPoint: url.hostname,
    port: Number(url.port),
    useSSL: url.protocol === "https:",
    accessKey: env.accessKeyId,
    secretKey: env.secretAccessKey,
    ...options,
  });
}

// The key service answers the AWS KMS JSON protocol on the same endpoint as S3, signed for service "kms".
export function createKmsClient(env, options = {}) {
  return new KMSClient({
    endpoint: env.endpoint,
    region: env.region,
    credentials: { accessKeyId: env.accessKeyId, secretAccessKey: env.secretAccessKey },
    ...options,
  });
}
