// What a library sends on the wire when we cannot reach its S3Client: every request made through
// node:http, named as the S3 operation it is, with the canned ACL it asked for and the status it got,
// and the value of each header named in `headers` (null when the request did not send it).
// Node's http client publishes each request and response on diagnostics channels, so nothing in the
// library is wrapped or patched. fetch() goes through undici instead, so our own unsigned checks
// stay out of the record.
import { subscribe } from "node:diagnostics_channel";

export function recordS3Calls({ headers = [] } = {}) {
  const calls = [];
  const byRequest = new WeakMap();

  subscribe("http.client.request.start", ({ request }) => {
    const call = { operation: operationOf(request), acl: request.getHeader("x-amz-acl") ?? null, status: null };
    if (headers.length > 0) {
      call.headers = Object.fromEntries(headers.map((name) => [name, request.getHeader(name) ?? null]));
    }
    byRequest.set(request, call);
    calls.push(call);
  });
  subscribe("http.client.response.finish", ({ request, response }) => {
    const call = byRequest.get(request);
    if (call) {
      call.status = response.statusCode;
    }
  });

  return calls;
}

// Path-style requests only: /bucket for bucket operations, /bucket/key for object operations.
function operationOf(request) {
  const url = new URL(request.path, "http://s3.invalid");
  const query = url.searchParams;
  // The SDK writes a bucket's path as /bucket/, so a key is something after the second slash.
  const slash = url.pathname.indexOf("/", 1);
  const onObject = slash > 0 && slash < url.pathname.length - 1;
  switch (request.method) {
    case "PUT":
      if (query.has("uploadId")) return "UploadPart";
      if (query.has("acl")) return "PutObjectAcl";
      if (query.has("tagging")) return onObject ? "PutObjectTagging" : "PutBucketTagging";
      if (query.has("retention")) return "PutObjectRetention";
      if (query.has("legal-hold")) return "PutObjectLegalHold";
      if (query.has("versioning")) return "PutBucketVersioning";
      if (request.getHeader("x-amz-copy-source")) return "CopyObject";
      return onObject ? "PutObject" : "CreateBucket";
    case "POST":
      if (query.has("uploads")) return "CreateMultipartUpload";
      if (query.has("uploadId")) return "CompleteMultipartUpload";
      if (query.has("delete")) return "DeleteObjects";
      break;
    case "DELETE":
      if (query.has("uploadId")) return "AbortMultipartUpload";
      if (query.has("tagging")) return onObject ? "DeleteObjectTagging" : "DeleteBucketTagging";
      return onObject ? "DeleteObject" : "DeleteBucket";
    case "GET":
      if (query.has("uploadId")) return "ListParts";
      if (query.has("tagging")) return onObject ? "GetObjectTagging" : "GetBucketTagging";
      if (query.has("versions")) return "ListObjectVersions";
      if (onObject) return "GetObject";
      return query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    case "HEAD":
      return onObject ? "HeadObject" : "HeadBucket";
  }
  return `${request.method} ${request.path}`;
}
