using System.Security.Cryptography;

using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

public class ConcurrencyTests(CofferServer server) : IClassFixture<CofferServer>
{
    [Fact]
    public async Task ConcurrentPutsAndGets_OneKey_EveryReadIsOneWholeVersion()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("race");
        await s3.PutBucketAsync(bucket);

        // Distinct bodies of distinct lengths: a torn read would match none of them.
        var versions = Enumerable.Range(0, 6).Select(i => RandomNumberGenerator.GetBytes(200_000 + (i * 37_000))).ToArray();
        var known = versions.Select(v => Convert.ToHexString(SHA256.HashData(v))).ToHashSet();
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "hot", InputStream = new MemoryStream(versions[0]) });

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var writers = versions.Select(async version =>
        {
            var writes = 0;
            while (!stop.IsCancellationRequested)
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "hot", InputStream = new MemoryStream(version) }, CancellationToken.None);
                writes++;
            }

            return writes;
        }).ToArray();
        var readers = Enumerable.Range(0, 4).Select(async _ =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                using var response = await s3.GetObjectAsync(bucket, "hot", CancellationToken.None);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, CancellationToken.None);
                var hash = Convert.ToHexString(SHA256.HashData(buffer.ToArray()));
                Assert.Contains(hash, known);
                Assert.Equal(response.ContentLength, buffer.Length);
                reads++;
            }

            return reads;
        }).ToArray();

        var written = (await Task.WhenAll(writers)).Sum();
        var read = (await Task.WhenAll(readers)).Sum();
        using var last = await s3.GetObjectAsync(bucket, "hot");
        using var final = new MemoryStream();
        await last.ResponseStream.CopyToAsync(final);

        Assert.True(written > versions.Length && read > 4, $"only {written} writes and {read} reads ran");
        Assert.Contains(Convert.ToHexString(SHA256.HashData(final.ToArray())), known);
    }
}
