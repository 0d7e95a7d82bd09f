// A low-level multipart upload created with CRC32 and no checksum type, which S3 makes COMPOSITE:
// the object's CRC32 is the CRC32 of the parts' CRC32s, with "-2". See lib/multipart.mjs.
import { MiB, compositeCrc32Of } from "../lib/bytes.mjs";
import { crc32MultipartRoundTrip } from "../lib/multipart.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-multipart-crc32", (env) => crc32MultipartRoundTrip(env, {
  Key: "exports/crc32 parts.csv",
  size: 6 * MiB,
  partSize: 5 * MiB,
  checksumType: undefined,
  expectedType: "COMPOSITE",
  expectedChecksum: compositeCrc32Of,
}));
