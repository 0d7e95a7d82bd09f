// Where the server is and who we are, as JavaScriptClientTests passes them in. Nothing is
// defaulted: a missing variable means the harness is broken, and that should be loud.
const names = {
  endpoint: "COFFER_ENDPOINT",
  region: "COFFER_REGION",
  accessKeyId: "COFFER_ACCESS_KEY",
  secretAccessKey: "COFFER_SECRET_KEY",
  bucket: "COFFER_BUCKET",
};

export function readEnvironment() {
  const values = {};
  for (const [field, name] of Object.entries(names)) {
    const value = process.env[name];
    if (!value) {
      throw new Error(`environment variable ${name} is not set`);
    }
    values[field] = value;
  }
  values.endpoint = values.endpoint.replace(/\/+$/, "");
  return values;
}
