using BenchmarkDotNet.Attributes;

using Coffer.S3.Routing;

namespace Coffer.Bench.Micro.Routing;

// The router runs on every request before anything else; these are the requests clients send most.
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private static readonly IReadOnlyDictionary<string, string> NoQuery = new Dictionary<string, string>();

    private readonly S3Router _router = new(["s3.example.com", "localhost"]);

    private readonly RequestTarget _getObject = new("GET", "127.0.0.1:9000", "/photos/2026/11/holiday.jpg", NoQuery, HasCopySource: false);
    private readonly RequestTarget _putObjectVirtualHost = new("PUT", "photos.s3.example.com", "/2026/11/holiday%20photo.jpg", NoQuery, HasCopySource: false);
    private readonly RequestTarget _listObjectsV2 = new("GET", "127.0.0.1:9000", "/photos", new Dictionary<string, string> { ["list-type"] = "2", ["prefix"] = "2026/", ["delimiter"] = "/" }, HasCopySource: false);
    private readonly RequestTarget _uploadPart = new("PUT", "127.0.0.1:9000", "/photos/video.mp4", new Dictionary<string, string> { ["partNumber"] = "3", ["uploadId"] = "u" }, HasCopySource: false);
    private readonly RequestTarget _copyObject = new("PUT", "127.0.0.1:9000", "/photos/copy.jpg", NoQuery, HasCopySource: true);

    [Benchmark(Description = "GetObject, path style")]
    public S3Operation GetObject() => _router.Route(_getObject);

    [Benchmark(Description = "PutObject, virtual host, escaped key")]
    public S3Operation PutObjectVirtualHost() => _router.Route(_putObjectVirtualHost);

    [Benchmark(Description = "ListObjectsV2")]
    public S3Operation ListObjectsV2() => _router.Route(_listObjectsV2);

    [Benchmark(Description = "UploadPart")]
    public S3Operation UploadPart() => _router.Route(_uploadPart);

    [Benchmark(Description = "CopyObject")]
    public S3Operation CopyObject() => _router.Route(_copyObject);
}
