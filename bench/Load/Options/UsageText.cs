namespace Coffer.Bench.Load.Options;

internal static class UsageText
{
    public const string Text = """
        usage: coffer-load <put|get|head|mixed|list|delete|multipart> [options]

          --endpoint URL          default http://127.0.0.1:9000
          --mode s3|http          s3 (SigV4, path-style) or plain http (nginx WebDAV: <endpoint>/<bucket>/<key>)
          --access-key K --secret-key S   default $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY
          --region R              default us-east-1
          --bucket NAME           default bench (created in s3 mode if missing)
          --size N                object size, e.g. 4KiB, 16MiB, 1GiB (default 4KiB)
          --concurrency N         workers and connections (default 32)
          --duration 10s | --ops N    what bounds the timed run (default --duration 10s)
          --objects N             distinct keys (defaults depend on the workload)
          --prefix P              key prefix (default load/<workload>/)
          --part-size N           multipart part size (default 16MiB)
          --prepare | --no-prepare    PUT the objects first (default) or reuse an earlier run's
          --versioning            s3 mode: enable versioning on the bucket (every PUT keeps a version)
          --warmup 1s             untimed warm-up (default 1s)
          --json FILE             write the result as JSON
          --label NAME            name the run in the table and the JSON
          --sse AES256            s3 mode: every PUT and multipart upload asks for SSE-S3; answers must say AES256
          --range-size N          get: each GET asks for N bytes (Range) from the middle half of the object
          --prefixes P            list: spread the keys over P folders p00000/... (default 0: flat)
          --delimiter /           list: time one delimited page instead of full listings
        """;
}
