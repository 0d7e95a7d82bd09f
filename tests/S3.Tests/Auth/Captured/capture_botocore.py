# Regenerates the *.http fixtures: raw requests as boto3 signs them, captured by a one-shot
# HTTP listener on loopback. Run with a current boto3: python3 capture_botocore.py .
# The fixtures are bytes on purpose (CRLF, binary bodies); see .gitattributes.
import socket, threading, sys, os, boto3, botocore
from botocore.config import Config

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
names = []

def handle(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    headers = {l.split(b":",1)[0].strip().lower(): l.split(b":",1)[1].strip() for l in lines[1:]}
    if headers.get(b"expect") == b"100-continue":
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
    body = rest
    if b"content-length" in headers:
        n = int(headers[b"content-length"])
        while len(body) < n:
            body += conn.recv(65536)
    elif headers.get(b"transfer-encoding") == b"chunked":
        # de-chunk HTTP transfer encoding so the fixture holds the entity body
        raw = body
        out = b""
        while True:
            while b"\r\n" not in raw:
                raw += conn.recv(65536)
            size_line, raw = raw.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(raw) < size + 2:
                raw += conn.recv(65536)
            if size == 0:
                break
            out += raw[:size]; raw = raw[size+2:]
        body = out
        head = b"\r\n".join(l for l in lines if not l.lower().startswith(b"transfer-encoding")) + b"\r\nContent-Length: " + str(len(body)).encode()
    name = names.pop(0)
    with open(os.path.join(OUT, name + ".http"), "wb") as f:
        f.write(head + b"\r\n\r\n" + body)
    reply = b""
    if b"list-type=2" in lines[0]:
        reply = b'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bucket</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>'
    elif b"?delete" in lines[0]:
        reply = b'<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>'
    elif b"?acl" in lines[0]:
        reply = b'<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>x</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>'
    conn.sendall(b"HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nContent-Length: " + str(len(reply)).encode() + b"\r\nConnection: close\r\n\r\n" + reply)
    conn.close()

srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen(5)
port = srv.getsockname()[1]
def loop():
    while True:
        c, _ = srv.accept(); handle(c)
threading.Thread(target=loop, daemon=True).start()

url = f"http://127.0.0.1:{port}"
kw = dict(aws_access_key_id="AKIDBOTO", aws_secret_access_key="boto/secret+key", region_name="us-east-1", endpoint_url=url)
s3 = boto3.client("s3", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}), **kw)
v2 = boto3.client("s3", config=Config(signature_version="s3", s3={"addressing_style": "path"}, retries={"max_attempts": 1}), **kw)
key = "dir/a key+with=odd@chars~(1)&\u00fc.txt"

def run(name, fn):
    names.append(name); fn()

run("sigv4-put-small", lambda: s3.put_object(Bucket="bucket", Key=key, Body=b"hello world"))
run("sigv4-put-binary", lambda: s3.put_object(Bucket="bucket", Key="binary", Body=bytes(range(256)) * 16))
run("sigv4-list-awkward", lambda: s3.list_objects_v2(Bucket="bucket", Prefix="a b/c+d=e&f;g:h@\u00fc~", Delimiter="/", StartAfter="x*y'z(1)"))
run("sigv4-get-range", lambda: s3.get_object(Bucket="bucket", Key=key, Range="bytes=0-9"))
run("sigv4-delete-objects", lambda: s3.delete_objects(Bucket="bucket", Delete={"Objects": [{"Key": "a"}, {"Key": key}]}))
run("sigv4-upload-part", lambda: s3.upload_part(Bucket="bucket", Key=key, UploadId="upload/id+1", PartNumber=2, Body=b"part data"))
run("sigv2-put", lambda: v2.put_object(Bucket="bucket", Key=key, Body=b"hello world", Metadata={"Reviewed-By": "joe"}))
run("sigv2-get-acl", lambda: v2.get_object_acl(Bucket="bucket", Key=key, VersionId="v 1"))
s3v4 = boto3.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": "path"}), **kw)
pre4 = s3v4.generate_presigned_url("get_object", Params={"Bucket": "bucket", "Key": key, "ResponseContentDisposition": 'attachment; filename="a b.txt"'}, ExpiresIn=3600)
pre2 = v2.generate_presigned_url("get_object", Params={"Bucket": "bucket", "Key": key, "ResponseContentDisposition": 'attachment; filename="a b.txt"'}, ExpiresIn=3600)
import urllib.request
run("sigv4-presigned-get", lambda: urllib.request.urlopen(pre4).read())
run("sigv2-presigned-get", lambda: urllib.request.urlopen(pre2).read())
print("ok", port)
