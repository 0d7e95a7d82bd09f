using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Configuration;

using Rules = Coffer.Engine.Lifecycle;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// `coffer admin lifecycle run` against the real server (on real days, so its own first pass is a minute away): the
/// pass acts at once on what is due, prints what it did per bucket, and a second run finds nothing left to do.
/// </summary>
public class LifecycleAdminTests(CofferServer server) : IClassFixture<CofferServer>
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    [Fact]
    public async Task LifecycleRun_DateRuleInThePast_ExpiresTheObjectsAndSaysSo()
    {
        var bucket = CofferServer.UniqueBucket("lcadmin");
        await _s3.PutBucketAsync(bucket);
        foreach (var key in new[] { "old/1", "old/2", "old/3", "new/1" })
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        var yesterday = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1);
        await LifecycleConfigurations.PutThroughEngineAsync(server, bucket, LifecycleConfigurations.Rule("old/") with
        {
            Expiration = new Rules.LifecycleExpiration { Date = yesterday },
        });

        var run = await AdminCli.RunAsync(server, "lifecycle", "run", bucket);
        var again = await AdminCli.RunAsync(server, "lifecycle", "run", bucket);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches($@"{bucket}\s+3\s+3\s+0\s+0\s+0\s+0\s+0", run.Output);
        Assert.Contains("Lifecycle pass done: 1 bucket(s).", run.Output, StringComparison.Ordinal);
        var left = (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.Equal(["new/1"], left);
        Assert.Equal(0, again.ExitCode);
        Assert.Matches($@"{bucket}\s+0\s+0\s+0", again.Output);
    }

    [Fact]
    public async Task LifecycleRun_WithoutABucket_GoesThroughEveryBucket()
    {
        var plain = CofferServer.UniqueBucket("lcall");
        await _s3.PutBucketAsync(plain);

        var run = await AdminCli.RunAsync(server, "lifecycle", "run");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(plain, run.Output, StringComparison.Ordinal);
        Assert.Contains("Lifecycle pass done:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LifecycleRun_NoSuchBucket_FailsNamingIt()
    {
        var run = await AdminCli.RunAsync(server, "lifecycle", "run", CofferServer.UniqueBucket("lcnone"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("NoSuchBucket", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    [InlineData("1.5")]
    [InlineData("soon")]
    public void LifecycleDaySeconds_BadValue_IsRefusedNamingTheOption(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            ServerConfiguration.Resolve(new Dictionary<string, string> { ["lifecycle-day-seconds"] = value }, _ => null));

        Assert.StartsWith($"--lifecycle-day-seconds {value}: it must be a whole number of seconds from 1 to 86400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LifecycleDaySeconds_FromTheEnvironment_SetsTheDayLength()
    {
        var options = ServerConfiguration.Resolve(new Dictionary<string, string>(), name => name == "COFFER_LIFECYCLE_DAY_SECONDS" ? "5" : null);

        Assert.Equal(TimeSpan.FromSeconds(5), options.LifecycleDayLength);
    }
}
