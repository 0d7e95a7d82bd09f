using System.Diagnostics;

using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.TestKit;
using Coffer.Torture.Load;
using Coffer.Torture.Model;
using Coffer.Torture.Verification;

namespace Coffer.Torture;

/// <summary>
/// The crash torture: cycles of start the server, verify what the last crash left, load it with
/// concurrent writers, SIGKILL it at a random instant, and inspect its stores while it is down.
/// A last restart verifies the final crash, then a graceful stop and a last inspection close the run.
/// The server runs on one-second lifecycle days with a GLACIER tier in a directory beside the data,
/// so that transitions, restores and their expiry are under way when the kill comes.
/// </summary>
public sealed class TortureRun(TortureOptions options, Action<string> log)
{
    private const string AccessKey = "TORTUREKEY";
    private const string SecretKey = "torture-secret-key-0123456789abcdefghijk";
    private const string Region = "us-east-1";
    private const string WarmUpBucket = "torture-warm-up";

    /// <summary>Uploads the torture leaves open must outlive the run, so its buckets' rules keep them (S3's days, 100 years).</summary>
    private const int KeepUploadsDays = 36500;

    /// <summary>A worker outlives the kill only by its last request's failure; this long means something hangs.</summary>
    private static readonly TimeSpan WorkersGone = TimeSpan.FromSeconds(60);

    /// <param name="cancellationToken">Ends the run after the cycle under way, which is still verified and reported.</param>
    public async Task<TortureReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new TortureReport { Seed = options.Seed };
        var random = new Random(options.Seed);
        var world = TortureWorld.Create(options.Workers, options.VersionedWorkers, options.TieredWorkers);
        var sealingKeys = new SealingKeys(random);
        var temporary = options.DataDirectory is null ? new TempDirectory("coffer-torture-") : null;
        var data = options.DataDirectory ?? Path.Combine(temporary!.Path, "data");
        var tier = data.TrimEnd(Path.DirectorySeparatorChar) + "-glacier";
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(tier);
        var clock = Stopwatch.StartNew();
        log($"Crash torture: seed {options.Seed}, {options.Workers} workers, data in {data}, GLACIER tier in {tier}");

        for (var cycle = 1; cycle <= options.Cycles && clock.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested; cycle++)
        {
            report.Cycles = cycle;
            var plan = KillPlan.Draw(random, cycle);
            using (var server = await StartServerAsync(data, tier))
            {
                using var chunked = Client(server.Endpoint, plainUploads: false);
                using var plain = Client(server.Endpoint, plainUploads: true);
                if (cycle == 1)
                {
                    await chunked.PutBucketAsync(TortureWorld.Bucket, cancellationToken);
                    await chunked.PutBucketAsync(new PutBucketRequest { BucketName = TortureWorld.VersionedBucket, ObjectLockEnabledForBucket = true }, cancellationToken);
                    await chunked.PutBucketAsync(WarmUpBucket, cancellationToken);
                    await chunked.PutBucketAsync(TortureWorld.TieredBucket, cancellationToken);
                    await PutLifecycleRulesAsync(chunked, cancellationToken);
                    using var kms = KmsClient(server.Endpoint);
                    await sealingKeys.CreateKmsKeyAsync(kms, cancellationToken);
                }
                else
                {
                    await ObjectVerifier.VerifyAsync(chunked, world, sealingKeys, random, report);
                    await VersionVerifier.VerifyAsync(chunked, world, random, report);
                    await TierVerifier.VerifyAsync(chunked, world, sealingKeys, report);
                }

                await WarmUpAsync(chunked, plain, sealingKeys);

                await LoadUntilKilledAsync(server, cycle, plan, world, sealingKeys, chunked, plain, random, report);
            }

            await StoreInspector.InspectAsync(data, tier, report, CancellationToken.None);
            report.Elapsed = clock.Elapsed;
            log(report.Progress($"killed {plan}"));
        }

        using (var server = await StartServerAsync(data, tier))
        {
            using var s3 = Client(server.Endpoint, plainUploads: false);
            await ObjectVerifier.VerifyAsync(s3, world, sealingKeys, random, report);
            await VersionVerifier.VerifyAsync(s3, world, random, report);
            await TierVerifier.VerifyAsync(s3, world, sealingKeys, report);
            var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(60));
            if (exitCode != 0)
            {
                report.Add(ViolationKind.UnexpectedError, $"the server exited with code {exitCode} on SIGTERM");
            }
        }

        await StoreInspector.InspectAsync(data, tier, report, CancellationToken.None);
        report.Elapsed = clock.Elapsed;
        log(report.Progress("final restart verified, stopped gracefully"));
        log(report.Summary());

        if (report.Passed)
        {
            temporary?.Dispose();
        }
        else
        {
            log($"Data directory kept for inspection: {data} (and {tier})");
        }

        return report;
    }

    private static async Task LoadUntilKilledAsync(
        ServerProcess server, int cycle, KillPlan plan, TortureWorld world, SealingKeys sealingKeys, IAmazonS3 chunked, IAmazonS3 plain, Random random, TortureReport report)
    {
        using var context = new CycleContext(cycle, plan, report);

        // Half the workers send plain bodies with a Content-Length, half aws-chunked ones with a
        // trailing checksum, as the SDK does by default: the inline path takes only the former.
        var workers = world.KeysByWorker
            .Select((keys, i) => new TortureWorker(i, i % 2 == 0 ? chunked : plain, i % 2 == 1, keys, world.Uploads, sealingKeys, new Random(random.Next())))
            .Select(worker => Task.Run(() => worker.RunAsync(context)))
            .Concat(world.VersionedKeysByWorker
                .Select((keys, i) => new VersionedTortureWorker(i, i % 2 == 0 ? chunked : plain, i % 2 == 1, keys, world.VersionedUploads, new Random(random.Next())))
                .Select(worker => Task.Run(() => worker.RunAsync(context))))
            .Concat(world.TieredKeysByWorker
                .Select((keys, i) => new TieredTortureWorker(i, i % 2 == 0 ? chunked : plain, i % 2 == 1, keys, sealingKeys, new Random(random.Next())))
                .Select(worker => Task.Run(() => worker.RunAsync(context))))
            .ToList();

        await plan.WaitAsync(CancellationToken.None);
        context.MarkKillSent();
        server.Kill();
        context.Stop();
        await Task.WhenAll(workers).WaitAsync(WorkersGone);
    }

    private static Task<ServerProcess> StartServerAsync(string data, string tier) =>
        ServerProcess.StartAsync(data, AccessKey, SecretKey, arguments: ["--lifecycle-day-seconds", "1", "--tier", $"{StoreInspector.TierClass}={tier}"]);

    /// <summary>
    /// Every object of the tiered bucket, whatever its size (varies_by_storage_class lets GLACIER take small ones, inline
    /// ones too), moves to GLACIER a day after it is written. Every bucket keeps its open uploads, which the default rule
    /// would abort after seven (one-second) days while the verifier still expects them.
    /// </summary>
    private static async Task PutLifecycleRulesAsync(AmazonS3Client s3, CancellationToken cancellationToken)
    {
        static LifecycleRule KeepUploads() => new()
        {
            Id = "keep-open-uploads",
            Status = LifecycleRuleStatus.Enabled,
            Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = string.Empty } },
            AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = KeepUploadsDays },
        };

        foreach (var bucket in new[] { TortureWorld.Bucket, TortureWorld.VersionedBucket })
        {
            await s3.PutLifecycleConfigurationAsync(
                new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = new LifecycleConfiguration { Rules = [KeepUploads()] } },
                cancellationToken);
        }

        var archive = KeepUploads();
        archive.Id = "archive-everything";
        archive.Transitions = [new LifecycleTransition { Days = 1, StorageClass = S3StorageClass.Glacier }];
        await s3.PutLifecycleConfigurationAsync(
            new PutLifecycleConfigurationRequest
            {
                BucketName = TortureWorld.TieredBucket,
                Configuration = new LifecycleConfiguration { Rules = [archive] },
                TransitionDefaultMinimumObjectSize = TransitionDefaultMinimumObjectSize.VariesByStorageClass,
            },
            cancellationToken);
    }

    /// <summary>
    /// A fresh server process compiles its write paths on their first use, which takes longer than
    /// many of the kill delays: without a few writes first, most cycles would kill a server that had
    /// not yet acknowledged anything. They go to a bucket of their own, outside the model, and
    /// take every way of sealing the load uses.
    /// </summary>
    private static async Task WarmUpAsync(AmazonS3Client chunked, AmazonS3Client plain, SealingKeys sealingKeys)
    {
        var body = new byte[200 * 1024];
        foreach (var (s3, size, sealing) in new[] { (plain, 1024, Sealing.None), (plain, body.Length, Sealing.SseS3), (chunked, 1024, sealingKeys.Kms), (chunked, body.Length, Sealing.SseC) })
        {
            var request = new PutObjectRequest
            {
                BucketName = WarmUpBucket,
                Key = "warm-up",
                InputStream = new MemoryStream(body, 0, size),
                UseChunkEncoding = s3 == chunked,
            };
            sealingKeys.Seal(request, sealing);
            await s3.PutObjectAsync(request);
        }

        var upload = await chunked.InitiateMultipartUploadAsync(WarmUpBucket, "warm-up-parts");
        var part = await chunked.UploadPartAsync(new UploadPartRequest
        {
            BucketName = WarmUpBucket,
            Key = "warm-up-parts",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(body),
        });
        await chunked.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = WarmUpBucket,
            Key = "warm-up-parts",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(part)],
        });
        await chunked.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = WarmUpBucket, Objects = [new KeyVersion { Key = "warm-up-parts" }] });
        await chunked.DeleteObjectAsync(WarmUpBucket, "warm-up");
    }

    /// <summary>
    /// Without retries: a request that dies with the server must fail, not be replayed against its
    /// successor. The plain client sends Content-Length bodies and checksums only where required.
    /// </summary>
    private static AmazonKeyManagementServiceClient KmsClient(Uri endpoint) => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonKeyManagementServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 0 });

    private static AmazonS3Client Client(Uri endpoint, bool plainUploads) => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
            RequestChecksumCalculation = plainUploads ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED,
        });
}
