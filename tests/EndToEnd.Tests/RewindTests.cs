using System.Globalization;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// `coffer admin rewind` against the real server: every key under the prefix looks as it did at the instant, nothing
/// is removed, a second run changes nothing, a dry run changes nothing at all, and an unversioned bucket is refused.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class RewindTests(CofferServer server) : IClassFixture<CofferServer>
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    [Fact]
    public async Task Rewind_BucketChangedSinceTheInstant_PutsEveryKeyBackAndRemovesNothing()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("rewind");
        await PutAsync(bucket, "docs/changed.txt", "then");
        await PutAsync(bucket, "docs/deleted.txt", "kept");
        var untouched = await PutAsync(bucket, "docs/same.txt", "same");
        await PutAsync(bucket, "other/outside.txt", "before");
        var instant = await InstantBetweenWritesAsync();
        await PutAsync(bucket, "docs/changed.txt", "now");
        await _s3.DeleteObjectAsync(bucket, "docs/deleted.txt");
        await PutAsync(bucket, "docs/created.txt", "new");
        await PutAsync(bucket, "other/outside.txt", "after");
        var versionsBefore = await CountVersionsAsync(bucket);

        var run = await AdminAsync("rewind", bucket, "--to", instant, "--prefix", "docs/");
        var again = await AdminAsync("rewind", bucket, "--to", instant, "--prefix", "docs/");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("restored  docs/changed.txt", run.Output, StringComparison.Ordinal);
        Assert.Contains("restored  docs/deleted.txt", run.Output, StringComparison.Ordinal);
        Assert.Contains("hidden    docs/created.txt", run.Output, StringComparison.Ordinal);
        Assert.Contains("4 keys examined under 'docs/'", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 restored, 1 hidden, 1 already as they were", run.Output, StringComparison.Ordinal);
        Assert.Equal("then", await ReadAsync(bucket, "docs/changed.txt"));
        Assert.Equal("kept", await ReadAsync(bucket, "docs/deleted.txt"));
        Assert.Equal("NoSuchKey", (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadAsync(bucket, "docs/created.txt"))).ErrorCode);
        Assert.Equal(untouched, (await _s3.GetObjectMetadataAsync(bucket, "docs/same.txt")).VersionId);
        Assert.Equal("after", await ReadAsync(bucket, "other/outside.txt"));
        Assert.Equal(versionsBefore + 3, await CountVersionsAsync(bucket));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 restored, 0 hidden, 4 already as they were", again.Output, StringComparison.Ordinal);
        Assert.Equal(versionsBefore + 3, await CountVersionsAsync(bucket));
    }

    [Fact]
    public async Task Rewind_DryRun_SaysWhatWouldChangeAndChangesNothing()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("rewind");
        await PutAsync(bucket, "k", "then");
        var instant = await InstantBetweenWritesAsync();
        var current = await PutAsync(bucket, "k", "now");
        var versionsBefore = await CountVersionsAsync(bucket);

        var run = await AdminAsync("rewind", bucket, "--to", instant, "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("would be restored  k", run.Output, StringComparison.Ordinal);
        Assert.Contains("Dry run: 1 keys examined", run.Output, StringComparison.Ordinal);
        Assert.Equal(current, (await _s3.GetObjectMetadataAsync(bucket, "k")).VersionId);
        Assert.Equal(versionsBefore, await CountVersionsAsync(bucket));
    }

    [Fact]
    public async Task Rewind_UnversionedBucket_IsRefusedWithAClearMessage()
    {
        var bucket = CofferServer.UniqueBucket("rwplain");
        await _s3.PutBucketAsync(bucket);
        await PutAsync(bucket, "k", "v");

        var run = await AdminAsync("rewind", bucket, "--to", DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Rewind needs versioning enabled on the bucket", run.Error, StringComparison.Ordinal);
        Assert.Equal("v", await ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task Rewind_ManyKeysInSeveralBatches_RewindsEveryOne()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("rewind");
        var keys = Enumerable.Range(0, 1_205).Select(i => $"batch/{i:D5}").ToList();
        var instant = await InstantBetweenWritesAsync();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) => await PutAsync(bucket, key, "made after"));

        var run = await AdminAsync("rewind", bucket, "--to", instant);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1,205 keys examined", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 restored, 1,205 hidden", run.Output, StringComparison.Ordinal);
        Assert.Empty((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    /// <summary>An instant strictly between the writes before it and those after (times are kept to the millisecond).</summary>
    private static async Task<string> InstantBetweenWritesAsync()
    {
        await Task.Delay(30);
        var instant = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        await Task.Delay(30);
        return instant;
    }

    private async Task<string> PutAsync(string bucket, string key, string content) =>
        (await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content })).VersionId;

    private async Task<string> ReadAsync(string bucket, string key)
    {
        using var response = await _s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    private async Task<int> CountVersionsAsync(string bucket)
    {
        var response = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        Assert.False(response.IsTruncated);
        return response.Versions?.Count ?? 0;
    }

    private Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] arguments) => AdminCli.RunAsync(server, arguments);
}
