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
