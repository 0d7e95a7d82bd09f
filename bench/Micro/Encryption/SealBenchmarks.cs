using System.Security.Cryptography;

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

using Coffer.Engine.Encryption;
using Coffer.Engine.Objects;

namespace Coffer.Bench.Micro.Encryption;

/// <summary>
/// Sealing and opening a 256 MiB object (issue 16's yardstick: SSE-S3 PUT and GET at 80% of unencrypted
/// throughput at least), each beside the copy that an unencrypted PUT or GET makes of the same bytes. All in
/// memory, so this is the encryption's own cost: no disk, no network. The plaintext and the sealed blob are
/// made once and live in RAM (some 512 MiB), so every run streams from memory, not from the cache.
/// <list type="bullet">
/// <item>Write: the body arrives in chunks of <see cref="ChunkSize"/> bytes and goes to a sink that copies what
/// it is given into a buffer, as the file blob writer does; the baseline hands the plaintext chunks to the same
/// sink.</item>
/// <item>Read: <see cref="ChunkSize"/> bytes at a time into one buffer, from an in-memory blob reader; the
/// baseline reads the plaintext, <see cref="SealedBlobReader"/> opens the sealed blob. 64 KiB reads are opened
/// one segment at a time; 512 KiB ones (a GET's chunk) read several sealed segments at once.</item>
/// </list>
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class SealBenchmarks
{
    public const int ObjectSize = 256 * 1024 * 1024;

    private static readonly byte[] DataKey = RandomNumberGenerator.GetBytes(BlobKeys.KeySize);

    private static readonly byte[] Context = "bucket/key#version/part-1"u8.ToArray();

    private byte[] _plaintext = [];
    private byte[] _sealed = [];
    private byte[] _chunk = [];
    private byte[] _sinkBuffer = [];

    [Params(64 * 1024, 512 * 1024)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public async Task MakeTheObjectAsync()
    {
        _plaintext = GC.AllocateUninitializedArray<byte>(ObjectSize);
        new Random(42).NextBytes(_plaintext);
        _sealed = GC.AllocateUninitializedArray<byte>((int)SealedFormat.SealedLength(ObjectSize, SealedFormat.SingleLayer));
        _chunk = new byte[ChunkSize];
        _sinkBuffer = new byte[ChunkSize + SealedFormat.TagSize];

        var written = 0;
        using var sealer = new SegmentSealer(DataKey, 1, Context, (bytes, _) =>
        {
            bytes.Span.CopyTo(_sealed.AsSpan(written));
            written += bytes.Length;
            return ValueTask.CompletedTask;
        });
        await sealer.WriteAsync(_plaintext, CancellationToken.None);
        await sealer.FinishAsync(CancellationToken.None);
        if (written != _sealed.Length)
        {
            throw new InvalidOperationException($"Sealed {written} bytes, expected {_sealed.Length}.");
        }
    }

    [Benchmark(Baseline = true, Description = "PUT: copy")]
    [BenchmarkCategory("Write")]
    public async Task CopyPlaintextAsync()
    {
        for (var offset = 0; offset < ObjectSize; offset += ChunkSize)
        {
            await SinkAsync(_plaintext.AsMemory(offset, ChunkSize), CancellationToken.None);
        }
    }

    [Benchmark(Description = "PUT: seal")]
    [BenchmarkCategory("Write")]
    public async Task SealAsync()
    {
        using var sealer = new SegmentSealer(DataKey, 1, Context, SinkAsync);
        for (var offset = 0; offset < ObjectSize; offset += ChunkSize)
        {
            await sealer.WriteAsync(_plaintext.AsMemory(offset, ChunkSize), CancellationToken.None);
        }

        await sealer.FinishAsync(CancellationToken.None);
    }

    [Benchmark(Baseline = true, Description = "GET: read")]
    [BenchmarkCategory("Read")]
    public async Task<long> ReadPlaintextAsync()
    {
        using var reader = new InlineBlobReader(_plaintext);
        return await ReadAllAsync(reader);
    }

    [Benchmark(Description = "GET: open")]
    [BenchmarkCategory("Read")]
    public async Task<long> OpenAsync()
    {
        using var reader = new SealedBlobReader(new InlineBlobReader(_sealed), DataKey, 1, Context, ObjectSize);
        return await ReadAllAsync(reader);
    }

    private ValueTask SinkAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        bytes.Span.CopyTo(_sinkBuffer);
        return ValueTask.CompletedTask;
    }

    private async Task<long> ReadAllAsync(Engine.Ports.IBlobReader reader)
    {
        long offset = 0;
        while (offset < reader.Length)
        {
            offset += await reader.ReadAsync(offset, _chunk, CancellationToken.None);
        }

        return offset;
    }

    // A few iterations in process, as for the other benchmarks of a long setup, and GB/s of the whole object.
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            Add(new InProcessConfigs.FewIterations());
            AddColumn(new ThroughputColumn(ObjectSize));
        }
    }
}
