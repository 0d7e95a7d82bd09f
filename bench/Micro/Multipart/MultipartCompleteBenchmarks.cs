using System.Diagnostics;
using System.Globalization;

using BenchmarkDotNet.Attributes;

using Coffer.Engine.Model;
using Coffer.Engine.Multipart;

namespace Coffer.Bench.Micro.Multipart;

/// <summary>
/// CompleteMultipartUpload of a 10,000-part upload (each part 5 MiB, S3's minimum), through
/// <see cref="MultipartEngine.CompleteAsync"/> on the real SQLite and filesystem stores: read the 10,000 part rows,
/// check the client's list against them, compute the multipart ETag, then one transaction that turns the part rows
/// into the version's 10,000 segments and fsyncs the WAL. No blob is opened or copied. The S3 layer's parsing of the
/// request's XML (about 1 MB for 10,000 parts) is not included.
/// </summary>
/// <remarks>
/// A completion consumes its upload, so every iteration needs 10,000 fresh parts, recorded one transaction each as
/// UploadPart records them (see <see cref="EmbeddedEngine.UploadPartsAsync"/>): 4 to 10 seconds of setup per
/// iteration on a 2-core VM, which is not measured. Hence one invocation per iteration and few iterations.
/// </remarks>
// Monitoring: one invocation per iteration, since each invocation needs its own upload.
[Config(typeof(InProcessConfigs.Monitoring))]
[MemoryDiagnoser]
public class MultipartCompleteBenchmarks
{
    private EmbeddedEngine? _engine;
    private CompleteUploadRequest? _request;
    private int _uploads;

    /// <summary>
    /// True: every completion replaces a 10,000-part object of the same key (a nightly backup written again), so the
    /// same transaction also releases the old version's 10,000 blobs, which are then deleted before it returns.
    /// </summary>
    [Params(false, true)]
    public bool ReplacesObject { get; set; }

    private EmbeddedEngine Engine => _engine ?? throw new InvalidOperationException("No global setup.");

    [GlobalSetup]
    public void OpenStores()
    {
        _engine = EmbeddedEngine.CreateAsync().GetAwaiter().GetResult();
        if (ReplacesObject)
        {
            // The object that the first measured completion replaces.
            var first = Engine.UploadPartsAsync(KeyOf(0)).GetAwaiter().GetResult();
            Engine.Multipart.CompleteAsync(first, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    [IterationSetup]
    public void UploadParts()
    {
        // The setup's own time goes to the log only: it is what a client's 10,000 UploadParts cost the metadata
        // and blob stores, less the bytes, and a useful sanity check of the machine's fsync rate.
        var started = Stopwatch.GetTimestamp();
        _request = Engine.UploadPartsAsync(KeyOf(++_uploads)).GetAwaiter().GetResult();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// Setup: {EmbeddedEngine.PartCount} parts recorded, then a {EmbeddedEngine.SettleTime.TotalSeconds:0} s pause, in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }

    [Benchmark(Description = "CompleteMultipartUpload, 10,000 parts")]
    public Task<ObjectInfo> CompleteMultipartUpload() =>
        Engine.Multipart.CompleteAsync(_request ?? throw new InvalidOperationException("No iteration setup."), CancellationToken.None);

    /// <summary>Logs how much of the completion went to deleting the replaced object's blobs.</summary>
    [IterationCleanup]
    public void ReportDeletions()
    {
        var (count, elapsed) = Engine.TakeDeletions();
        if (count > 0)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"// Completion deleted {count} released blobs in {elapsed.TotalMilliseconds:0} ms"));
        }
    }

    [GlobalCleanup]
    public void CloseStores() => _engine?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private ObjectKey KeyOf(int upload) => EmbeddedEngine.Key(ReplacesObject ? "backup.tar" : $"backup-{upload}.tar");
}
