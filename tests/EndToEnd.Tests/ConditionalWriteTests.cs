using System.Net;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Conditional writes under contention, through the real server: If-None-Match: * must let
/// exactly one of many simultaneous writers create a key, however their requests interleave.
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class ConditionalWriteTests(CofferServer server) : IClassFixture<CofferServer>
{
    private const int Writers = 20;

    private sealed record Attempt(byte[] Body, PutObjectResponse? Response, AmazonS3Exception? Error);

    [Fact]
    public async Task PutObject_TwentyConcurrentIfNoneMatchCreates_ExactlyOneSucceeds()
    {
        using var s3 = server.CreateClient(retries: false);
        var bucket = CofferServer.UniqueBucket("cw-race");
        await s3.PutBucketAsync(bucket);

        // Distinct bodies, so the stored bytes name the winner. Every writer waits at the gate
        // until all of them exist, then they all send at once.
        var bodies = Enumerable.Range(0, Writers).Select(_ => RandomNumberGenerator.GetBytes(256 * 1024)).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = bodies.Select(async body =>
        {
            await gate.Task;
            try
            {
                var response = await s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = "lock",
                    InputStream = new MemoryStream(body),
                    IfNoneMatch = "*",
                });
                return new Attempt(body, response, null);
            }
            catch (AmazonS3Exception error)
            {
                return new Attempt(body, null, error);
            }
        }).ToArray();
        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, attempt => attempt.Error is null);
        Assert.Equal(HttpStatusCode.OK, winner.Response!.HttpStatusCode);
        var losers = outcomes.Where(attempt => attempt.Error is not null).Select(attempt => attempt.Error!).ToList();
        Assert.Equal(Writers - 1, losers.Count);

        // AWS answers a lost race with 412 PreconditionFailed, or with 409
        // ConditionalRequestConflict while a competing write is still in flight.
        Assert.All(losers, error => Assert.True(
            (error.StatusCode, error.ErrorCode) is (HttpStatusCode.PreconditionFailed, "PreconditionFailed") or (HttpStatusCode.Conflict, "ConditionalRequestConflict"),
            $"a losing writer got {(int)error.StatusCode} {error.ErrorCode}: {error.Message}"));

        using var stored = await s3.GetObjectAsync(bucket, "lock");
        using var buffer = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(buffer);
        Assert.Equal(winner.Body, buffer.ToArray());
        Assert.Equal(winner.Response.ETag, stored.ETag);
    }
}
