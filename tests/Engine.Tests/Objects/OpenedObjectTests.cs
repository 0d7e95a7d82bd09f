using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;
using Coffer.TestKit;
using Coffer.TestKit.Fakes;

namespace Coffer.Engine.Tests.Objects;

public class OpenedObjectTests
{
    private readonly InMemoryBlobStore _blobs = new();

    [Fact]
    public async Task CopyRangeTo_EveryRangeOfSeveralSegments_MatchesTheConcatenation()
    {
        // Segments of awkward sizes, an empty one among them, as a multipart object can have.
        var (opened, content) = await OpenAsync(3, 1, 0, 5, 2);
        using (opened)
        {
            for (var offset = 0; offset <= content.Length; offset++)
            {
                for (var length = 0; offset + length <= content.Length; length++)
                {
                    var output = new MemoryStream();
                    await opened.CopyRangeToAsync(output, offset, length, CancellationToken.None);

                    Assert.Equal(content[offset..(offset + length)], output.ToArray());
                }
            }
        }
    }

    [Theory]
    [InlineData(0, 1_638_400)]
    [InlineData(524_287, 1_000_001)]
    [InlineData(716_800, 524_288)]
    public async Task CopyRangeTo_RangesLongerThanOneChunkAcrossSegments_MatchTheConcatenation(int offset, int length)
    {
        // Longer than the 512 KiB chunk, so reads and writes overlap, with segment ends inside chunks.
        var (opened, content) = await OpenAsync(700 * 1024, 300 * 1024, 600 * 1024);
        using (opened)
        {
            var output = new MemoryStream();
            await opened.CopyRangeToAsync(output, offset, length, CancellationToken.None);

            Assert.Equal(content[offset..(offset + length)], output.ToArray());
        }
    }

    [Fact]
    public async Task OpenRange_AcrossSegments_StreamsTheRangeThenEnds()
    {
        var (opened, content) = await OpenAsync(4, 4, 4);
        using (opened)
        {
            await using var stream = opened.OpenRange(2, 9);
            var output = new MemoryStream();
            await stream.CopyToAsync(output, 3);

            Assert.Equal(content[2..11], output.ToArray());
        }
    }

    [Fact]
    public async Task CopyRangeTo_LaterSegments_AreOpenedOnlyWhenReached()
    {
        var (opened, _) = await OpenAsync(4, 4);
        using (opened)
        {
            // The second blob is gone; a read that stays in the first segment never notices.
            await _blobs.DeleteAsync(opened.Info.Segments[1].Blob, CancellationToken.None);

            await opened.CopyRangeToAsync(new MemoryStream(), 0, 4, CancellationToken.None);
            await Assert.ThrowsAsync<BlobNotFoundException>(() => opened.CopyRangeToAsync(new MemoryStream(), 2, 4, CancellationToken.None));
        }
    }

    private async Task<(OpenedObject Opened, byte[] Content)> OpenAsync(params int[] lengths)
    {
        var segments = new List<BlobSegment>();
        var content = new List<byte>();
        foreach (var length in lengths)
        {
            // Byte i mixes in its higher bits, so no two chunks of a large object are alike and a chunk sent out of
            // order cannot pass for the right one.
            var bytes = Enumerable.Range(content.Count, length).Select(i => (byte)(i ^ (i >> 8) ^ (i >> 16))).ToArray();
            await using var writer = _blobs.CreateWriter();
            await writer.WriteAsync(bytes, CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
            segments.Add(new BlobSegment(writer.Id, length));
            content.AddRange(bytes);
        }

        var info = new ObjectInfo
        {
            Bucket = "b",
            Key = "k",
            VersionId = VersionIds.Null,
            Size = content.Count,
            ETag = "\"e\"",
            LastModified = DateTimeOffset.UnixEpoch,
            Attributes = ObjectAttributes.Default,
            Segments = segments,
        };
        return (new OpenedObject(info, _blobs, null, _blobs.OpenRead(segments[0].Blob)), [.. content]);
    }
}
