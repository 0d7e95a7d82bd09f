namespace Coffer.Bench.Load.Options;

internal enum Workload
{
    Put,
    Get,
    Head,
    Mixed,
    List,
    Delete,
    Multipart,
}

internal enum TargetMode
{
    /// <summary>An S3 endpoint, path-style, every request signed with SigV4.</summary>
    S3,

    /// <summary>A plain HTTP server (nginx with WebDAV PUT/DELETE): the key is the path, nothing is signed.</summary>
    Http,
}
