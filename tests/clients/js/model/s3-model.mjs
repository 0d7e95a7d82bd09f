// Prints AWS's own model of the S3 API, as the pinned @aws-sdk/client-s3 carries it, as JSON:
// every operation with its HTTP binding, and every request member bound to a header, a query
// parameter, a URI label, a header prefix or the payload. Read by tests/S3.Tests/Model at test
// time, so that the model is never copied into this repository.
//
// The SDK's schemas are arrays: an operation is [9, namespace, name, traits, input, output] with
// traits.http = [method, uri, status]; a structure is [3, namespace, name, traits, memberNames,
// memberSchemas, requiredCount], the first requiredCount members being the required ones; a
// member is [schema, traits], traits being an object (httpHeader, httpQuery, httpPrefixHeaders)
// or a bit set (1: httpLabel, 16: httpPayload).
import s3 from "@aws-sdk/client-s3";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const version = require("@aws-sdk/client-s3/package.json").version;

const resolve = (schema) => (typeof schema === "function" ? schema() : schema);

function bindingOf(traits) {
  if (typeof traits === "number") {
    if (traits & 1) return { location: "label" };
    if (traits & 16) return { location: "payload" };
    return null;
  }
  if (traits && typeof traits === "object") {
    if (traits.httpHeader) return { location: "header", wireName: traits.httpHeader };
    if (traits.httpQuery) return { location: "query", wireName: traits.httpQuery };
    if (traits.httpPrefixHeaders) return { location: "prefixHeaders", wireName: traits.httpPrefixHeaders };
    if (traits.httpPayload) return { location: "payload" };
    if (traits.httpLabel) return { location: "label" };
  }
  return null;
}

const operations = [];
for (const [exportName, value] of Object.entries(s3)) {
  if (!exportName.endsWith("$") || !Array.isArray(value) || value[0] !== 9) continue;
  const [, , name, traits, input] = value;
  const [method, uri] = traits.http;
  const structure = resolve(input);
  const members = [];
  if (Array.isArray(structure) && structure[0] === 3) {
    const [, , , , names, schemas, requiredCount = 0] = structure;
    names.forEach((member, index) => {
      const memberTraits = Array.isArray(schemas[index]) ? schemas[index][1] : undefined;
      const binding = bindingOf(memberTraits);
      members.push({ name: member, ...(binding ?? { location: "body" }), required: index < requiredCount });
    });
  }
  operations.push({ name, method, uri, members });
}

operations.sort((a, b) => a.name.localeCompare(b.name));
process.stdout.write(JSON.stringify({ package: "@aws-sdk/client-s3", version, operations }, null, 1));
