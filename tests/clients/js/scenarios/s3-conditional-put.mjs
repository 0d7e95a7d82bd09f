// @aws-sdk/client-s3 with its defaults: PutObject with If-None-Match: * creates a key only once.
// The second attempt must fail with 412 PreconditionFailed and leave the first body in place.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { expectEqual, expectFailure } from "../lib/checks.mjs";
import { createS3Client } from "../lib/clients.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-conditional-put", async (env) => {
  const s3 = createS3Client(env);
  const Bucket = env.bucket;
  const Key = "locks/once.txt";
  await s3.send(new CreateBucketCommand({ Bucket }));

  await s3.send(new PutObjectCommand({ Bucket, Key, Body: "first", IfNoneMatch: "*" }));
  const error = await expectFailure(
    () => s3.send(new PutObjectCommand({ Bucket, Key, Body: "second", IfNoneMatch: "*" })),
    "second PutObject with IfNoneMatch '*'");
  expectEqual(error.name, "PreconditionFailed", "error name");
  expectEqual(error.$metadata?.httpStatusCode, 412, "error status");

  const kept = await s3.send(new GetObjectCommand({ Bucket, Key }));
  expectEqual(await kept.Body.transformToString(), "first", "body after the refused write");

  return { errorName: error.name, status: error.$metadata.httpStatusCode, body: "first" };
});
