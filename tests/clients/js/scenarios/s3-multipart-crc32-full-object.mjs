// A low-level multipart upload created with CRC32 and ChecksumType FULL_OBJECT: the object's
// CRC32 is the CRC32 of its whole content, which the server combines from the parts' CRC32s and
// which the SDK checks against the bytes it reads back. See lib/multipart.mjs.
import { MiB, crc32Base64 } from "../lib/bytes.mjs";
import { crc32MultipartRoundTrip } from "../lib/multipart.mjs";
import { runScenario } from "../lib/scenario.mjs";

await runScenario("s3-multipart-crc32-full-object", (env) => crc32MultipartRoundTrip(env, {
  Key: "exports/crc32 whole.csv",
  size: 11 * MiB + 123,
  partSize: 5 * MiB,
  checksumType: "FULL_OBJECT",
  expectedType: "FULL_OBJECT",
  expectedChecksum: (body) => crc32Base64(body),
}));
