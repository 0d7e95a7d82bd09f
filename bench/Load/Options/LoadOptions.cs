namespace Coffer.Bench.Load.Options;

/// <summary>One run, as the command line describes it; <see cref="OptionParser"/> fills in the defaults.</summary>
internal sealed record LoadOptions
{
    public required Workload Workload { get; init; }

    public Uri Endpoint { get; init; } = new("http://127.0.0.1:9000");

    public TargetMode Mode { get; init; } = TargetMode.S3;

    public string AccessKey { get; init; } = "";

    public string SecretKey { get; init; } = "";

    public string Region { get; init; } = "us-east-1";

    public string Bucket { get; init; } = "bench";

    public long Size { get; init; } = 4 << 10;

    public int Concurrency { get; init; } = 32;

    /// <summary>Null when <see cref="Ops"/> bounds the run instead.</summary>
    public TimeSpan? Duration { get; init; }

    public long? Ops { get; init; }

    /// <summary>The number of distinct keys: always set after parsing (each workload has its own default).</summary>
    public int Objects { get; init; }

    public string Prefix { get; init; } = "";

    public long PartSize { get; init; } = 16 << 20;

    public bool Prepare { get; init; } = true;

    /// <summary>s3 mode: turn versioning on for the bucket, so that every PUT keeps the versions before it.</summary>
    public bool Versioning { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public string? JsonPath { get; init; }

    public string Label { get; init; } = "";

    /// <summary>
    /// s3 mode, --sse AES256: every PutObject and CreateMultipartUpload asks for SSE-S3, and every answer about an
    /// object must say AES256 back.
    /// </summary>
    public bool SseS3 { get; init; }

    /// <summary>For <c>get</c>: when set, each GET asks for this many bytes from the middle half of the object.</summary>
    public long? RangeSize { get; init; }

    /// <summary>For <c>list</c>: the number of folders the keys are spread over; 0 is a flat listing.</summary>
    public int Prefixes { get; init; }

    /// <summary>For <c>list</c>: when set, one delimited page is listed again and again instead of full listings.</summary>
    public string? Delimiter { get; init; }
}
