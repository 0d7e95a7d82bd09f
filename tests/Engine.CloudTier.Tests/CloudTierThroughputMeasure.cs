using System.Diagnostics;
using System.Security.Cryptography;

using Coffer.TestKit;

using Xunit.Abstractions;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>
/// A rough measure, not a test of speed: streams a 256 MiB blob through the writer and back through sequential reads
/// against the local Coffer, and prints MiB/s and memory. Runs only with COFFER_MEASURE_CLOUD_TIER=1 (it moves half a
/// gibibyte through a loopback server); otherwise it returns at once. What it asserts is that the bytes round-trip.
/// </summary>
[Collection(CofferEndpointCollection.Name)]
public sealed class CloudTierThroughputMeasure(CofferEndpoint endpoint, ITestOutputHelper output)
{
    private const int Size = 256 * 1024 * 1024;

    [Fact]
    public async Task Measure_StreamingA256MiBBlob_WriteThenSequentialRead()
    {
        if (Environment.GetEnvironmentVariable("COFFER_MEASURE_CLOUD_TIER") != "1")
        {
            return;
        }

        using var store = CofferEndpoint.CreateStore(endpoint.FreshLocation());
        var chunk = new byte[1024 * 1024];
        new Random(5).NextBytes(chunk);
        using var written = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        await using var writer = store.CreateWriter();
        for (var i = 0; i < Size / chunk.Length; i++)
        {
            chunk[0] = (byte)i;
            await writer.WriteAsync(chunk, CancellationToken.None);
            written.AppendData(chunk);
        }

        await writer.CommitAsync(CancellationToken.None);
        var writeTime = clock.Elapsed;
        var allocatedByWrite = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        clock.Restart();
        using var reader = store.OpenRead(writer.Id);
        using var read = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256 * 1024];
        long offset = 0;
        int count;
        while ((count = await reader.ReadAsync(offset, buffer, CancellationToken.None)) > 0)
        {
            read.AppendData(buffer, 0, count);
            offset += count;
        }

        var readTime = clock.Elapsed;
        var allocatedByRead = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore - allocatedByWrite;

        // The same bytes by one plain GET, for scale: what the endpoint and this machine give without windows.
        clock.Restart();
        using var client = endpoint.CreateClient();
        using (var whole = await client.GetObjectAsync(CofferEndpoint.Bucket, $"{store.Location.Prefix}/{writer.Id.Value}"))
        {
            await whole.ResponseStream.CopyToAsync(Stream.Null);
        }

        var plainGetTime = clock.Elapsed;

        Assert.Equal(Size, offset);
        Assert.Equal(written.GetHashAndReset(), read.GetHashAndReset());
        using var process = Process.GetCurrentProcess();
        output.WriteLine($"write: {Size / 1048576.0 / writeTime.TotalSeconds:F0} MiB/s ({writeTime.TotalSeconds:F1} s), {allocatedByWrite / 1048576.0:F1} MiB allocated");
        output.WriteLine($"read:  {Size / 1048576.0 / readTime.TotalSeconds:F0} MiB/s ({readTime.TotalSeconds:F1} s), {allocatedByRead / 1048576.0:F1} MiB allocated");
        output.WriteLine($"one plain GET of the whole blob: {Size / 1048576.0 / plainGetTime.TotalSeconds:F0} MiB/s");
        output.WriteLine($"test process peak working set: {process.PeakWorkingSet64 / 1048576.0:F0} MiB; GC heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MiB");
    }
}
