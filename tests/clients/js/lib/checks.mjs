// Comparisons that fail with enough detail to tell what the server sent.
import { isDeepStrictEqual } from "node:util";
import { sha256Hex } from "./bytes.mjs";

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
    throw new Mismatch(what, { length: expected.length, sha256: sha256Hex(expected) }, { length: a.length, sha256: sha256Hex(a) });
  }
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
