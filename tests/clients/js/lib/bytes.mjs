// Bodies to upload and digests to compare them by.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";

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

// A multipart object's ETag is the MD5 of its parts' binary MD5s, then a dash and the part count.
// The body is cut as the client cut it: every part partSize bytes, the last one the rest.
export function multipartEtagOf(bytes, partSize) {
  const digests = [];
  for (let offset = 0; offset < bytes.length; offset += partSize) {
    digests.push(createHash("md5").update(bytes.subarray(offset, offset + partSize)).digest());
  }
  return `"${md5Hex(Buffer.concat(digests))}-${digests.length}"`;
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
