using BenchmarkDotNet.Attributes;

using Coffer.Engine.Model;

namespace Coffer.Bench.Micro.Multipart;

/// <summary>
/// HEAD and ranged GETs of a completed 10,000-part object (50 GiB as far as the server can tell; see
/// <see cref="EmbeddedEngine.UploadPartsAsync"/>), on the real stores. Both load the version with its 10,000 segment
/// rows; a GET then opens the blob that holds the range and reads 1 MiB of it (from the page cache: this times the
/// engine, not the disk).
/// </summary>
// Few iterations: each call takes milliseconds, behind a setup of 10,000 parts.
[Config(typeof(InProcessConfigs.FewIterations))]
[MemoryDiagnoser]
public class MultipartObjectReadBenchmarks
{
    private const int RangeLength = 1 << 20;

    private static readonly ObjectKey ObjectKey = EmbeddedEngine.Key("backup.tar");

    private EmbeddedEngine? _engine;
    private long _size;

    private EmbeddedEngine Engine => _engine ?? throw new InvalidOperationException("No global setup.");

    [GlobalSetup]
    public void CompleteObject()
    {
        _engine = EmbeddedEngine.CreateAsync().GetAwaiter().GetResult();
        var request = Engine.UploadPartsAsync(ObjectKey).GetAwaiter().GetResult();
        _size = Engine.Multipart.CompleteAsync(request, CancellationToken.None).GetAwaiter().GetResult().Size;
    }

    [Benchmark(Description = "HeadObject")]
    public Task<ObjectInfo> HeadObject() => Engine.Objects.HeadAsync(EmbeddedEngine.Bucket, ObjectKey, CancellationToken.None);

    [Benchmark(Description = "GetObject, first MiB")]
    public Task GetFirstMiB() => GetRangeAsync(0);

    [Benchmark(Description = "GetObject, last MiB (part 10,000)")]
    public Task GetLastMiB() => GetRangeAsync(_size - RangeLength);

    [GlobalCleanup]
    public void CloseStores() => _engine?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task GetRangeAsync(long offset)
    {
        using var opened = await Engine.Objects.OpenAsync(EmbeddedEngine.Bucket, ObjectKey, CancellationToken.None);
        await opened.CopyRangeToAsync(Stream.Null, offset, RangeLength, CancellationToken.None);
    }
}
