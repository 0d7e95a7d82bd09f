using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Engine.Integrity;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Bitrot against the real server and the real `coffer admin scrub`: a byte flipped in a blob file
/// on disk is never served as a good body, is logged and counted, and the scrub finds it.
/// </summary>
public sealed class BitrotTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private const int MiB = 1024 * 1024;

    // Sizes no other blob in this data directory has, so that each file can be found by its length.
    private const int SingleSize = (3 * MiB) + 17;
    private const int FirstPartSize = (5 * MiB) + 23;
    private const int SecondPartSize = MiB + 29;

    private readonly AmazonS3Client _s3 = server.CreateClient(retries: false);
    private readonly string _bucket = CofferServer.UniqueBucket("bitrot");

    public Task InitializeAsync() => _s3.PutBucketAsync(_bucket);

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Get_OfBlobWithAFlippedByte_IsCutShortLoggedCountedAndFoundByScrub()
    {
        var single = await PutAsync("single.bin", SingleSize);
        var upload = await OpenUpload.StartAsync(_s3, _bucket, "multi.bin", null, null, FirstPartSize, SecondPartSize);
        await upload.CompleteAsync(_s3);
        var singleFile = BlobFileOfLength(SingleSize);
        var secondPartFile = BlobFileOfLength(SecondPartSize);
        Assert.Equal(0, (await ScrubAsync()).ExitCode);

        FlipByte(singleFile, MiB + 5);
        FlipByte(secondPartFile, 7);
        var countBefore = IntegrityCounters.CorruptBlobsDetected;

        // 1. The SDK's full GET fails: the body is cut, never handed over whole and wrong.
        var sdkFailure = await Record.ExceptionAsync(async () =>
        {
            using var response = await _s3.GetObjectAsync(_bucket, "single.bin");
            await response.ResponseStream.CopyToAsync(Stream.Null);
        });
        Assert.NotNull(sdkFailure);

        // 2. A plain HTTP GET gets the promised Content-Length, then fewer bytes and a broken connection.
        var (promised, received, cut) = await RawGetAsync("single.bin");
        Assert.Equal(SingleSize, promised);
        Assert.True(received < SingleSize, $"received {received} of {SingleSize} bytes");
        Assert.True(cut);

        // 3. A multipart object fails as a whole, while the intact part reads correctly on its own.
        Assert.NotNull(await Record.ExceptionAsync(async () =>
        {
            using var response = await _s3.GetObjectAsync(_bucket, "multi.bin");
            await response.ResponseStream.CopyToAsync(Stream.Null);
        }));
        Assert.Equal(upload.Parts[0], await GetBytesAsync(new GetObjectRequest { BucketName = _bucket, Key = "multi.bin", PartNumber = 1 }));

        // 4. A range away from the flipped byte is not verified (the stored sum is of the whole blob) and is served.
        Assert.Equal(
            single[(2 * MiB)..],
            await GetBytesAsync(new GetObjectRequest { BucketName = _bucket, Key = "single.bin", ByteRange = new ByteRange(2 * MiB, SingleSize - 1) }));

        // 5. Logged at Error with what an operator needs, and counted.
        var logged = server.Logs.Lines.Where(line => line.Contains("Corrupt blob", StringComparison.Ordinal)).ToList();
        Assert.Contains(logged, line => line.StartsWith("Error", StringComparison.Ordinal)
            && line.Contains($"bucket {_bucket}, key single.bin, version null, blob {Path.GetFileName(singleFile)}", StringComparison.Ordinal)
            && line.Contains("checksum mismatch", StringComparison.Ordinal));
        Assert.Contains(logged, line => line.Contains($"key multi.bin, version null, blob {Path.GetFileName(secondPartFile)}", StringComparison.Ordinal));
        Assert.True(IntegrityCounters.CorruptBlobsDetected >= countBefore + 3);

        // 6. The scrub, beside the running server, names both and fails; once the bytes are restored it passes.
        var damaged = await ScrubAsync();
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains($"CORRUPT bucket {_bucket} key single.bin version null blob {singleFile}: checksum mismatch", damaged.Output, StringComparison.Ordinal);
        Assert.Contains($"CORRUPT bucket {_bucket} key multi.bin version null blob {secondPartFile}: checksum mismatch", damaged.Output, StringComparison.Ordinal);
        Assert.Matches(@"corrupt blobs\s+2\n", damaged.Output);
        Assert.DoesNotContain('\r', damaged.Error); // No progress bar into a pipe.

        FlipByte(singleFile, MiB + 5);
        FlipByte(secondPartFile, 7);
        var restored = await ScrubAsync();
        Assert.Equal(0, restored.ExitCode);
        Assert.Matches(@"corrupt blobs\s+0\n", restored.Output);
        Assert.Contains("No damage found.", restored.Output, StringComparison.Ordinal);
        Assert.Equal(single, await GetBytesAsync(new GetObjectRequest { BucketName = _bucket, Key = "single.bin" }));
    }

    [Fact]
    public async Task Get_OfDeletedBlobFile_Is500AndScrubReportsItMissing()
    {
        const int Size = (2 * MiB) + 31;
        await PutAsync("lost.bin", Size);
        var file = BlobFileOfLength(Size);
        File.Delete(file);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(_bucket, "lost.bin"));
        var scrub = await ScrubAsync();
        await _s3.DeleteObjectAsync(_bucket, "lost.bin");
        var afterDelete = await ScrubAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(1, scrub.ExitCode);
        Assert.Contains($"MISSING bucket {_bucket} key lost.bin version null blob {file}: missing", scrub.Output, StringComparison.Ordinal);
        Assert.Matches(@"missing blobs\s+1\n", scrub.Output);
        Assert.DoesNotContain("lost.bin", afterDelete.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrub_OfKeyWithSpacesAndALineBreak_NamesItPercentEncodedOnOneLine()
    {
        const int Size = (2 * MiB) + 37;
        const string Key = "odd name\nMISSING forged.bin";
        await PutAsync(Key, Size);
        var file = BlobFileOfLength(Size);
        File.Delete(file);

        var scrub = await ScrubAsync();
        await _s3.DeleteObjectAsync(_bucket, Key);

        Assert.Equal(1, scrub.ExitCode);
        Assert.Contains($"MISSING bucket {_bucket} key odd%20name%0AMISSING%20forged.bin version null blob {file}: missing", scrub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(scrub.Output.Split('\n'), line => line.StartsWith("MISSING forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrub_OfDirectoryWithoutDatabase_ExitsTwoAndSaysWhy()
    {
        using var empty = new TestKit.TempDirectory("coffer-scrub-");

        var result = await ScrubAsync(empty.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no metadata database", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(empty.Path)); // It created nothing.
    }

    private async Task<byte[]> PutAsync(string key, int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(content) });
        return content;
    }

    private async Task<byte[]> GetBytesAsync(GetObjectRequest request)
    {
        using var response = await _s3.GetObjectAsync(request);
        var output = new MemoryStream();
        await response.ResponseStream.CopyToAsync(output);
        return output.ToArray();
    }

    /// <summary>The Content-Length the server promised, the bytes that came, and whether the connection broke.</summary>
    private async Task<(long? Promised, long Received, bool Cut)> RawGetAsync(string key)
    {
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long received = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return (response.Content.Headers.ContentLength, received, true);
        }

        return (response.Content.Headers.ContentLength, received, false);
    }

    /// <summary>The one blob file of that length: blob files are the only files two folders below blobs/.</summary>
    private string BlobFileOfLength(long length) =>
        Assert.Single(
            Directory.GetDirectories(Path.Combine(server.DataDirectory, "blobs"), "??")
                .SelectMany(outer => Directory.GetDirectories(outer, "??"))
                .SelectMany(Directory.GetFiles),
            file => new FileInfo(file).Length == length);

    private static void FlipByte(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x10));
    }

    /// <summary>`coffer admin scrub` as its own process, as an operator runs it (stderr is a pipe, so it draws no bar).</summary>
    private Task<ChildProcess.Result> ScrubAsync(string? dataDirectory = null) =>
        CofferCommand.RunAsync(TimeSpan.FromMinutes(2), "admin", "scrub", "--data", dataDirectory ?? server.DataDirectory);
}
