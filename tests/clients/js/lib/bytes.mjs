// Bodies to upload and digests to compare them by.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";

export const MiB = 1024 * 1024;

export function randomBody(size) {
  return randomBytes(size);
}

export function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

export function md5Hex(bytes) {
  return createHash("md5").update(bytes).digest("hex");
}

// A single-part S3 object's ETag is the quoted MD5 of its bytes.
export function etagOf(bytes) {
  return `"${md5Hex(bytes)}"`;
}

// The body cut as a client cuts it for a multipart upload: every part partSize bytes, the last one the rest.
export function partsOf(bytes, partSize) {
  const parts = [];
  for (let offset = 0; offset < bytes.length; offset += partSize) {
    parts.push(bytes.subarray(offset, offset + partSize));
  }
  return parts;
}

// A multipart object's ETag is the MD5 of its parts' binary MD5s, then a dash and the part count.
export function multipartEtagOf(bytes, partSize) {
  const digests = partsOf(bytes, partSize).map((part) => createHash("md5").update(part).digest());
  return `"${md5Hex(Buffer.concat(digests))}-${digests.length}"`;
}

// S3 writes a CRC32 as its four big-endian bytes in base64. (zlib.crc32 is Node 20.15 and later.)
export function crc32Base64(bytes) {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(bytes));
  return value.toString("base64");
}

// A COMPOSITE multipart CRC32 is the CRC32 of the parts' binary CRC32s, then a dash and the part count.
export function compositeCrc32Of(bytes, partSize) {
  const crcs = partsOf(bytes, partSize).map((part) => Buffer.from(crc32Base64(part), "base64"));
  return `${crc32Base64(Buffer.concat(crcs))}-${crcs.length}`;
}

// Length and SHA-256, which is all a comparison of two large bodies needs to report.
export function digestOf(bytes) {
  return { length: bytes.length, sha256: sha256Hex(bytes) };
}

// The same, read piece by piece, so a large download is never held whole beside the original.
export async function digestOfStream(stream) {
  const hash = createHash("sha256");
  let length = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    length += chunk.length;
  }
  return { length, sha256: hash.digest("hex") };
}

// A stream that hands the body over in uneven pieces, as a file or socket would.
export function streamOf(bytes, pieceSize = 64 * 1024 + 7) {
  const pieces = [];
  for (let offset = 0; offset < bytes.length; offset += pieceSize) {
    pieces.push(bytes.subarray(offset, offset + pieceSize));
  }
  return Readable.from(pieces);
}

export async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

// Random bytes with a unique ASCII marker every 4 KiB, for proving the body is not stored in plaintext:
// any stretch of 4 KiB and a marker's length left on disk holds a whole marker.
export function markedBody(size) {
  const marker = Buffer.from(`coffer-marker-${randomBytes(16).toString("hex")}`);
  const body = randomBytes(size);
  for (let offset = 0; offset < size; offset += 4096) {
    marker.copy(body, offset, 0, Math.min(marker.length, size - offset));
  }
  return { body, marker };
}
