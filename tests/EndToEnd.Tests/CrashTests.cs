using System.Collections.Concurrent;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// SIGKILL the server during a stream of concurrent PUTs, overwrites and deletes; restart it; every
/// acknowledged write must read back byte-identical, every acknowledged delete must stay deleted,
/// and nothing else may be visible but the one write per key that was in flight at the kill.
/// </summary>
public class CrashTests
{
    private const string AccessKey = "CRASHTESTKEY";
    private const string SecretKey = "crash-test-secret-key-0123456789abcdefghij";
    private const int Writers = 8;
    private const int KeysPerWriter = 6;

    /// <summary>What a key should hold: the acknowledged state, and an attempt that may or may not have landed.</summary>
    private sealed class KeyState
    {
        public byte[]? Acknowledged; // null: absent (never written, or deleted)
        public bool AcknowledgedExists;
        public byte[]? InFlight;
        public bool InFlightIsDelete;
        public bool HasInFlight;
    }

    [Fact]
    public async Task Sigkill_DuringConcurrentWrites_LosesNoAcknowledgedWriteAndExposesNoPartialOne()
    {
        using var data = new TempDirectory("coffer-crash-");
        var states = new ConcurrentDictionary<string, KeyState>();
        const string bucket = "crash";
        var verified = 0;

        for (var cycle = 0; cycle < 3; cycle++)
        {
            using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
            {
                using var s3 = Client(server.Endpoint);
                if (cycle == 0)
                {
                    await s3.PutBucketAsync(bucket);
                }
                else
                {
                    verified += await VerifyAsync(s3, bucket, states);
                }

                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers).Select(w => WriteLoopAsync(s3, bucket, w, states, stop.Token)).ToArray();
                await Task.Delay(TimeSpan.FromMilliseconds(800 + Random.Shared.Next(1500)));

                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }
        }

        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            using var s3 = Client(server.Endpoint);
            verified += await VerifyAsync(s3, bucket, states);
        }

        Assert.True(verified > Writers, $"only {verified} keys verified");
    }

    private static AmazonS3Client Client(Uri endpoint) => ProcessServerClients.Create(endpoint, AccessKey, SecretKey);

    private static async Task WriteLoopAsync(AmazonS3Client s3, string bucket, int writer, ConcurrentDictionary<string, KeyState> states, CancellationToken stop)
    {
        var random = new Random(writer * 7919 + Environment.TickCount);
        while (!stop.IsCancellationRequested)
        {
            // Each writer owns its keys, so the writes to one key are sequential and their order is known.
            var key = $"w{writer}/k{random.Next(KeysPerWriter)}";
            var state = states.GetOrAdd(key, _ => new KeyState());
            var delete = random.Next(10) == 0;
            var content = delete ? null : RandomNumberGenerator.GetBytes(random.Next(4) == 0 ? random.Next(1_000_000, 3_000_000) : random.Next(0, 70_000));
            state.InFlight = content;
            state.InFlightIsDelete = delete;
            state.HasInFlight = true;
            try
            {
                if (delete)
                {
                    await s3.DeleteObjectAsync(bucket, key, CancellationToken.None);
                }
                else
                {
                    // Not cancelled by the stop signal: the kill, not the test, must end the request in flight.
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content!) }, CancellationToken.None);
                }
            }
            catch (Exception)
            {
                // The server died under this request: its outcome is unknown, so it stays "in flight".
                return;
            }

            state.Acknowledged = content;
            state.AcknowledgedExists = !delete;
            state.HasInFlight = false;
        }
    }

    private static async Task<int> VerifyAsync(AmazonS3Client s3, string bucket, ConcurrentDictionary<string, KeyState> states)
    {
        var listed = new HashSet<string>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            foreach (var item in page.S3Objects ?? [])
            {
                listed.Add(item.Key);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        foreach (var (key, state) in states)
        {
            byte[]? actual;
            try
            {
                using var response = await s3.GetObjectAsync(bucket, key);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer);
                actual = buffer.ToArray();
            }
            catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchKey")
            {
                actual = null;
            }

            var matchesAcknowledged = state.AcknowledgedExists ? actual is not null && actual.AsSpan().SequenceEqual(state.Acknowledged) : actual is null;
            var matchesInFlight = state.HasInFlight && (state.InFlightIsDelete ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(state.InFlight));
            Assert.True(matchesAcknowledged || matchesInFlight, $"{key}: holds {actual?.Length.ToString() ?? "nothing"} bytes, matching neither the acknowledged state nor the write in flight");
            Assert.Equal(actual is not null, listed.Contains(key));

            // Settle the state: whatever is there now is the acknowledged truth for the next cycle.
            state.Acknowledged = actual;
            state.AcknowledgedExists = actual is not null;
            state.HasInFlight = false;
        }

        Assert.Subset(states.Keys.ToHashSet(), listed);
        return states.Count;
    }
}
