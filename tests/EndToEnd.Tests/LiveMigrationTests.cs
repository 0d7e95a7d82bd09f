using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Admin.Migration;
using Coffer.TestKit;

using Xunit.Abstractions;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The whole live move: `coffer server` on SQLite as its own process, writers putting, overwriting and deleting objects
/// through it the whole time, and `coffer admin migrate` beside it. The server switches itself to PostgreSQL when the
/// move commits; afterwards every write a client saw acknowledged is there, byte for byte, and nothing else.
/// </summary>
public sealed class LiveMigrationTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string AccessKey = "LIVEMIGRATIONKEY";
    private const string SecretKey = "live-migration-secret-0123456789abcdefghij";
    private const int Writers = 4;

    /// <summary>Generous bounds only: the machine may be busy, and nothing here is timed exactly.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly MoveTarget _move = new();

    // Acknowledged writes of every writer, as they happen.
    private static int _writes;

    public Task InitializeAsync() => _move.InitializeAsync();

    public Task DisposeAsync() => _move.DisposeAsync();

    [Fact]
    public async Task Migrate_BesideAServerUnderWriteLoad_EveryAcknowledgedWriteIsServedFromPostgres()
    {
        using var server = await ServerProcess.StartAsync(_move.DataDirectory, AccessKey, SecretKey);
        using var s3 = Client(server.Endpoint);
        await s3.PutBucketAsync("live");
        var expected = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 300; i++)
        {
            await PutAsync(s3, expected, $"seed/{i:D4}", Body());
        }

        // 1. Writers run from before the move until well after the switch.
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteAsync(server.Endpoint, writer, expected, stop.Token))).ToArray();

        // 2. The move, beside them.
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = await MigrateCommand.RunAsync(_move.Uri, _move.DataDirectory, output, error, progressBar: false, hooks: null, CancellationToken.None);
        log.WriteLine(output.ToString());
        Assert.True(exitCode == 0, $"exit {exitCode}: {output}{error}");
        Assert.Contains("Writes paused for", output.ToString(), StringComparison.Ordinal);

        // 3. The server switches, and the writers go on against it for a while.
        var switched = await server.WaitForLineAsync("serving from PostgreSQL", Patience);
        Assert.Contains($"The metadata moved to {_move.Uri} on ", switched, StringComparison.Ordinal);
        var afterSwitch = Volatile.Read(ref _writes);
        await WaitUntilAsync(() => Volatile.Read(ref _writes) > afterSwitch + 100);
        await stop.CancelAsync();
        var written = await Task.WhenAll(writers);
        Assert.All(written, count => Assert.True(count > 0));

        // 4. Every acknowledged write, and nothing else, through the server now on PostgreSQL.
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "live", ContinuationToken = token });
            keys.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), keys);
        foreach (var (key, body) in expected)
        {
            using var stored = await s3.GetObjectAsync("live", key);
            using var copy = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(copy);
            Assert.True(body.AsSpan().SequenceEqual(copy.ToArray()), $"{key} differs");
        }
    }

    /// <summary>
    /// One writer's loop over keys of its own: mostly new objects, some overwrites, some deletes, each retried until it
    /// is acknowledged (the pause, the 503s of the switch and the moment the port is closed all pass), then recorded.
    /// Retrying is safe: a retry of a write that had landed writes the same thing again. Returns the writes made.
    /// </summary>
    private static async Task<int> WriteAsync(Uri endpoint, int writer, ConcurrentDictionary<string, byte[]> expected, CancellationToken stop)
    {
        using var s3 = Client(endpoint);
        var mine = new List<string>();
        var count = 0;
        for (; !stop.IsCancellationRequested; count++)
        {
            var choice = Random.Shared.Next(10);
            if (choice < 2 && mine.Count > 0)
            {
                var key = mine[Random.Shared.Next(mine.Count)];
                await RetryAsync(() => s3.DeleteObjectAsync("live", key));
                expected.TryRemove(key, out _);
                Interlocked.Increment(ref _writes);
                mine.Remove(key);
            }
            else
            {
                var key = choice < 4 && mine.Count > 0 ? mine[Random.Shared.Next(mine.Count)] : $"writer-{writer}/{count:D6}";
                await PutAsync(s3, expected, key, Body());
                Interlocked.Increment(ref _writes);
                if (!mine.Contains(key))
                {
                    mine.Add(key);
                }
            }
        }

        return count;
    }

    /// <summary>Mostly small bodies, stored inline in the metadata; one in eight large enough for a blob file of its own.</summary>
    private static byte[] Body() => RandomNumberGenerator.GetBytes(Random.Shared.Next(8) == 0 ? Random.Shared.Next(200_000, 400_000) : Random.Shared.Next(1, 40_000));

    private static async Task PutAsync(AmazonS3Client s3, ConcurrentDictionary<string, byte[]> expected, string key, byte[] body)
    {
        await RetryAsync(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = "live", Key = key, InputStream = new MemoryStream(body) }));
        expected[key] = body;
    }

    private static async Task RetryAsync(Func<Task> write)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < giveUp && IsTransient(e))
            {
                await Task.Delay(50);
            }
        }
    }

    // The pause's 503s and the switch's closed port pass; a 500 or any other answer fails the test.
    private static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException or IOException => true,
        AmazonServiceException { StatusCode: HttpStatusCode.ServiceUnavailable } => true,
        AmazonServiceException { StatusCode: 0, InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "the writers made no progress after the switch");
            await Task.Delay(100);
        }
    }

    private static AmazonS3Client Client(Uri endpoint) => ProcessServerClients.Create(endpoint, AccessKey, SecretKey);
}
