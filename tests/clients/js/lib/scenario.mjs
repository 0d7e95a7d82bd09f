// Runs one scenario and reports it as a single JSON line on stdout: {"scenario", "ok", ...result}
// on success, {"scenario", "ok": false, "error"} with exit code 1 on any failure. The xunit side
// parses only that line; the stack trace goes to stderr for humans.
import { readEnvironment } from "./environment.mjs";

export async function runScenario(name, body) {
  let report;
  try {
    report = { scenario: name, ok: true, ...(await body(readEnvironment())) };
  } catch (error) {
    report = { scenario: name, ok: false, error: describe(error) };
    console.error(error?.stack ?? error);
  }

  // Exit explicitly: keep-alive sockets in the clients' agents would otherwise hold the process
  // open for seconds. Writing first and exiting in the callback keeps the line whole.
  process.stdout.write(JSON.stringify(report) + "\n", () => process.exit(report.ok ? 0 : 1));
}

function describe(error) {
  if (!(error instanceof Error)) {
    return { message: String(error) };
  }

  return {
    name: error.name,
    message: error.message,
    // AWS SDK v3 service errors.
    code: error.Code ?? error.code,
    status: error.$metadata?.httpStatusCode ?? error.$response?.statusCode,
    requestId: error.$metadata?.requestId,
    headers: error.$response?.headers,
    // Our own mismatches.
    what: error.what,
    expected: error.expected,
    actual: error.actual,
    // minio errors carry the parsed S3 error document here.
    resource: error.resource,
    amzRequestid: error.amzRequestid,
  };
}
