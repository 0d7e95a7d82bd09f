using BenchmarkDotNet.Attributes;

using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.S3.Operations;
using Coffer.S3.Xml;

using Microsoft.IO;

namespace Coffer.Bench.Micro.Listing;

/// <summary>
/// The ListBucketResult document of one ListObjectsV2 page of 1,000 keys, as the S3 layer writes it into its pooled
/// response buffer (<see cref="XmlResponse.WriteDocument"/>): from the engine's page to UTF-8 bytes, without HTTP.
/// Keys look like <see cref="BigBucket"/>'s under a longer path; each object has a CRC32 checksum, as the AWS SDKs now
/// send by default. With <c>encoding-type=url</c> too, which most SDKs ask for.
/// </summary>
[MemoryDiagnoser]
public class ListObjectsV2XmlBenchmarks
{
    private static readonly RecyclableMemoryStreamManager Buffers = new();

    private ListPage? _page;

    [Params(false, true)]
    public bool UrlEncoded { get; set; }

    [GlobalSetup]
    public void MakePage()
    {
        var modified = new DateTimeOffset(2026, 11, 22, 4, 19, 11, 123, TimeSpan.Zero);
        var objects = Enumerable.Range(0, 1000).Select(i => new ObjectInfo
        {
            Bucket = BigBucket.Bucket.Value,
            Key = "photos/2026/11/" + BigBucket.KeyOf(i) + " (copy).jpg",
            VersionId = VersionIds.Null,
            Size = 1_048_576 + i,
            ETag = "\"9b2cf535f27731c974343645a3985328\"",
            LastModified = modified.AddSeconds(i),
            Attributes = new ObjectAttributes { Owner = "bench" },
            Checksum = new ObjectChecksum(ChecksumAlgorithm.Crc32, "AAAAAA=="),
        }).ToList();
        _page = new ListPage(objects, [], IsTruncated: true, objects[^1].Key);
    }

    [Benchmark(Description = "ListObjectsV2 XML, 1,000 keys")]
    public long WriteListBucketResult()
    {
        var page = _page ?? throw new InvalidOperationException("No global setup.");
        var parameters = new ListingParameters("photos/", Delimiter: null, MaxKeys: 1000, UrlEncode: UrlEncoded);
        var echo = new ListObjectsV2Echo(BigBucket.Bucket.Value, parameters, ContinuationToken: null, StartAfter: null, FetchOwner: false);
        using var buffer = Buffers.GetStream("bench");
        XmlResponse.WriteDocument(buffer, xml => ListObjectsV2.WriteResult(xml, echo, page));
        return buffer.Length;
    }
}
