namespace Coffer.Engine.CloudTier;

/// <summary>How a cloud tier moves bytes and how long it waits. The defaults suit a remote endpoint over a WAN.</summary>
public sealed record CloudTierOptions
{
    /// <summary>S3's smallest part but the last; a smaller one is refused at CompleteMultipartUpload (EntityTooSmall).</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>
    /// A writer buffers this much (pooled) before it sends a part: the writer's whole memory. A blob that fits is
    /// one PutObject; a larger one is a multipart upload in parts of this size.
    /// </summary>
    public int PartSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>The first read-ahead window; it doubles while reads stay sequential.</summary>
    public int InitialReadAhead { get; init; } = 256 * 1024;

    /// <summary>The largest read-ahead window, so an open reader holds at most this much (pooled).</summary>
    public int MaxReadAhead { get; init; } = 8 * 1024 * 1024;

    /// <summary>How long one request may take, transfer included (a part of <see cref="PartSize"/> over a slow link).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long to wait for a connection; short, so an unreachable endpoint fails fast.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a failed request (5xx, throttling, a dropped connection), by the SDK's standard backoff.</summary>
    public int MaxErrorRetry { get; init; } = 2;

    /// <summary>The whole start-up probe (HeadBucket, put and delete of a probe object) gives up after this.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PartSize, MinimumPartSize, nameof(PartSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialReadAhead, 1, nameof(InitialReadAhead));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReadAhead, InitialReadAhead, nameof(MaxReadAhead));
    }
}
