using System.Security.Cryptography;

using BenchmarkDotNet.Attributes;

using Coffer.Engine.Checksums;

namespace Coffer.Bench.Micro;

// Throughput of every checksum an upload may compute, over a 1 MiB buffer (L2-resident, so this is the
// hashing cost, not memory bandwidth). The GB/s column is bytes per nanosecond of the mean.
[Config(typeof(ThroughputConfig))]
public class ChecksumBenchmarks
{
    public const int BufferSize = 1 << 20;

    private readonly byte[] _data = new byte[BufferSize];
    private readonly byte[] _digest = new byte[64];

    [GlobalSetup]
    public void FillBuffer() => new Random(42).NextBytes(_data);

    [Benchmark(Description = "CRC32 (public: widest carry-less)")]
    public uint Crc32Compute() => Crc32.Compute(_data);

    [Benchmark(Description = "CRC32 carry-less 128-bit")]
    public uint Crc32Carryless128() => Crc32.UpdateCarryless(0, _data, maxVectorBits: 128);

    [Benchmark(Description = "CRC32 carry-less 256-bit")]
    public uint Crc32Carryless256() => Crc32.UpdateCarryless(0, _data, maxVectorBits: 256);

    [Benchmark(Description = "CRC32 portable slice-by-8")]
    public uint Crc32Portable() => Crc32.UpdatePortable(0, _data);

    [Benchmark(Description = "CRC32C (public: widest carry-less)")]
    public uint Crc32CCompute() => Crc32C.Compute(_data);

    [Benchmark(Description = "CRC32C crc32 instruction")]
    public uint Crc32CInstruction() => Crc32C.UpdateHardware(0, _data);

    [Benchmark(Description = "CRC32C portable slice-by-8")]
    public uint Crc32CPortable() => Crc32C.UpdatePortable(0, _data);

    [Benchmark(Description = "CRC64NVME (public: widest carry-less)")]
    public ulong Crc64NvmeCompute() => Crc64Nvme.Compute(_data);

    [Benchmark(Description = "CRC64NVME carry-less 128-bit")]
    public ulong Crc64NvmeCarryless128() => Crc64Nvme.UpdateCarryless(0, _data, maxVectorBits: 128);

    [Benchmark(Description = "CRC64NVME carry-less 256-bit")]
    public ulong Crc64NvmeCarryless256() => Crc64Nvme.UpdateCarryless(0, _data, maxVectorBits: 256);

    [Benchmark(Description = "CRC64NVME portable slice-by-8")]
    public ulong Crc64NvmePortable() => Crc64Nvme.UpdatePortable(0, _data);

    // MD5 is not an S3 checksum, but every upload pays for it as the ETag, so it is the yardstick here.
    [Benchmark(Description = "MD5 (ETag)")]
    public int Md5() => MD5.HashData(_data, _digest);

    [Benchmark(Description = "SHA1")]
    public int Sha1() => SHA1.HashData(_data, _digest);

    [Benchmark(Description = "SHA256")]
    public int Sha256() => SHA256.HashData(_data, _digest);
}
