// Regenerates the js-*.http fixtures: raw requests as the AWS SDK for JavaScript v3 signs them,
// captured by a one-shot listener on loopback. Run: npm install @aws-sdk/client-s3 && node capture_js.mjs .
import net from "node:net";
import fs from "node:fs";
import { Readable } from "node:stream";
import { S3Client, PutObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";

const out = process.argv[2];
fs.mkdirSync(out, { recursive: true });
const names = [];
const server = net.createServer((socket) => {
  let data = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    data = Buffer.concat([data, chunk]);
    const split = data.indexOf("\r\n\r\n");
    if (split < 0) return;
    const head = data.subarray(0, split).toString("latin1");
    const lines = head.split("\r\n");
    const headers = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
    let body = data.subarray(split + 4);
    let headOut = head;
    if (headers["transfer-encoding"] === "chunked") {
      // wait for the terminating 0-chunk of HTTP chunked encoding, then de-chunk
      if (body.indexOf("\r\n0\r\n\r\n") < 0 && !body.subarray(0, 5).equals(Buffer.from("0\r\n\r\n"))) return;
      const parts = []; let rest = body;
      while (true) {
        const eol = rest.indexOf("\r\n"); const size = parseInt(rest.subarray(0, eol).toString(), 16);
        if (size === 0) break;
        parts.push(rest.subarray(eol + 2, eol + 2 + size)); rest = rest.subarray(eol + 2 + size + 2);
      }
      body = Buffer.concat(parts);
      headOut = lines.filter((l) => !l.toLowerCase().startsWith("transfer-encoding")).join("\r\n") + "\r\nContent-Length: " + body.length;
    } else if (headers["content-length"] && body.length < Number(headers["content-length"])) return;
    fs.writeFileSync(`${out}/${names.shift()}.http`, Buffer.concat([Buffer.from(headOut + "\r\n\r\n", "latin1"), body]));
    const reply = lines[0].includes("list-type=2")
      ? '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bucket</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>'
      : "";
    socket.end(`HTTP/1.1 200 OK\r\nETag: "abc"\r\nContent-Length: ${reply.length}\r\nConnection: close\r\n\r\n${reply}`);
  });
});
server.listen(0, "127.0.0.1", async () => {
  const port = server.address().port;
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", forcePathStyle: true,
    credentials: { accessKeyId: "AKIDJS", secretAccessKey: "js/secret+key" },
  });
  const key = "dir/a key+with=odd@chars~(1)&\u00fc.txt";
  names.push("js-put-stream");
  await client.send(new PutObjectCommand({ Bucket: "bucket", Key: key, Body: Readable.from([Buffer.from("hello "), Buffer.from("world")]), ContentLength: 11 }));
  names.push("js-put-buffer");
  await client.send(new PutObjectCommand({ Bucket: "bucket", Key: key, Body: Buffer.from("hello world") }));
  names.push("js-list-awkward");
  await client.send(new ListObjectsV2Command({ Bucket: "bucket", Prefix: "a b/c+d=e&f;g:h@\u00fc~", Delimiter: "/", StartAfter: "x*y'z(1)" }));
  server.close();
  console.log("ok");
});
