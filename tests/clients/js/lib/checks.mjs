// Comparisons that fail with enough detail to tell what the server sent.
import { isDeepStrictEqual } from "node:util";
import { digestOf, digestOfStream } from "./bytes.mjs";

export class Mismatch extends Error {
  constructor(what, expected, actual) {
    super(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    this.name = "Mismatch";
    this.what = what;
    this.expected = expected;
    this.actual = actual;
  }
}

export function expectEqual(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Mismatch(what, expected, actual);
  }
}

export function expectBytes(actual, expected, what) {
  const a = Buffer.from(actual);
  if (!a.equals(expected)) {
    throw new Mismatch(what, digestOf(expected), digestOf(a));
  }
}

// Reads a stream to its end (which is when the AWS SDK checks a response checksum) and compares
// it with the expected bytes by length and SHA-256.
export async function expectStreamBytes(stream, expected, what) {
  expectEqual(await digestOfStream(stream), digestOf(expected), what);
}

// Runs an action that must fail and returns the error, so callers can check its code and status.
export async function expectFailure(action, what) {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Mismatch(what, "an error", "success");
}

// A TagSet as GetObjectTagging returns it, against tags given as { key: value }. S3 does not
// promise an order, so both sides are compared sorted by key; a duplicate or extra tag still fails.
export function expectTagSet(tagSet, expected, what) {
  const byKey = (a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0);
  const actual = (tagSet ?? []).map(({ Key, Value }) => ({ Key, Value })).sort(byKey);
  const wanted = Object.entries(expected).map(([Key, Value]) => ({ Key, Value })).sort(byKey);
  expectEqual(actual, wanted, what);
}
