using System.Diagnostics;
using System.Globalization;

using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.TestKit;
using Coffer.Torture.Load;
using Coffer.Torture.Model;
using Coffer.Torture.Nodes;
using Coffer.Torture.Verification;

namespace Coffer.Torture;

/// <summary>
/// The crash torture: cycles of start the server, verify what the last crash left, load it with
/// concurrent writers, SIGKILL it at a random instant, and inspect its stores while it is down.
/// A last restart verifies the final crash, then a graceful stop and a last inspection close the run.
/// The server runs on one-second lifecycle days with a GLACIER tier in a directory beside the data,
/// so that transitions, restores and their expiry are under way when the kill comes.
/// <para>
/// With several nodes (on PostgreSQL, sharing the data directory) each request goes to a node the
/// worker draws, and each cycle kills one node while the others keep serving a while longer; the
/// killed node is restarted and everything is verified through every node, the restarted one first.
/// Beside the serving nodes only the database's integrity is checked each cycle; the inspection
/// that needs every node down (the sweep, and disk against metadata) closes the run.
/// </para>
/// </summary>
public sealed class TortureRun(TortureOptions options, Action<string> log)
{
    private const string WarmUpBucket = "torture-warm-up";

    /// <summary>Uploads the torture leaves open must outlive the run, so its buckets' rules keep them (S3's days, 100 years).</summary>
    private const int KeepUploadsDays = 36500;

    /// <summary>A worker outlives the kill only by its last request's failure; this long means something hangs.</summary>
    private static readonly TimeSpan WorkersGone = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long, after the kill, the other nodes go on serving the load: long enough for every worker to send to them
    /// several times (the kill must cost no more than the requests it cut), short enough to leave the cycle to the kill.
    /// </summary>
    private static readonly (int Least, int Most) SurvivorLoadMilliseconds = (300, 2500);

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
        await using var nodes = await TortureNodes.CreateAsync(options.Nodes, data, tier);
        log($"Crash torture: seed {options.Seed}, {options.Workers} workers, {nodes}, data in {data}, GLACIER tier in {tier}");

        for (var cycle = 1; cycle <= options.Cycles && clock.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested; cycle++)
        {
            report.Cycles = cycle;
            var plan = KillPlan.Draw(random, cycle);
            var started = await nodes.StartStoppedAsync();
            var verified = TimeSpan.Zero;
            using (var clients = nodes.Clients())
            {
                if (cycle == 1)
                {
                    await CreateBucketsAsync(clients.Chunked(0), sealingKeys, cancellationToken);
                }
                else
                {
                    var verifying = Stopwatch.StartNew();
                    await VerifyThroughEveryNodeAsync(clients, started, world, sealingKeys, random, report);
                    verified = verifying.Elapsed;
                }

                foreach (var node in started)
                {
                    await WarmUpAsync(clients.Chunked(node), clients.Plain(node), sealingKeys);
                }

                var (victim, survived) = await LoadUntilKilledAsync(nodes, clients, cycle, plan, world, sealingKeys, random, report);
                if (nodes.AnyRunning)
                {
                    await nodes.CheckServingAsync(report);
                }
                else
                {
                    await nodes.InspectStoppedAsync(report);
                }

                report.Elapsed = clock.Elapsed;
                log(report.Progress(nodes.Count == 1
                    ? $"killed {plan}"
                    : string.Create(
                        CultureInfo.InvariantCulture,
                        $"verified through {nodes.Count} nodes in {verified.TotalSeconds:0.0} s, killed node {victim} {plan}, the others served {survived.TotalMilliseconds:0} ms more")));
            }
        }

        var restarted = await nodes.StartStoppedAsync();
        using (var clients = nodes.Clients())
        {
            await VerifyThroughEveryNodeAsync(clients, restarted, world, sealingKeys, random, report);
        }

        foreach (var (node, exitCode) in await nodes.TerminateAllAsync(TimeSpan.FromSeconds(60)))
        {
            if (exitCode != 0)
            {
                report.Add(ViolationKind.UnexpectedError, $"node {node} exited with code {exitCode} on SIGTERM");
            }
        }

        await nodes.InspectStoppedAsync(report);
        report.Elapsed = clock.Elapsed;
        log(report.Progress("final restart verified, stopped gracefully"));
        log(report.Summary());

        if (report.Passed)
        {
            await nodes.CloseAsync(dropDatabase: true);
            temporary?.Dispose();
        }
        else
        {
            log($"Kept for inspection: {data} (and {tier}); the metadata in {nodes.KeptMetadata}");
        }

        return report;
    }

    /// <summary>
    /// Everything verified once through each node, the ones just (re)started first: the first pass settles what the kill
    /// left in flight, and the others must then read exactly that, so what one node acknowledged every node serves.
    /// </summary>
    private static async Task VerifyThroughEveryNodeAsync(
        NodeClients clients, IReadOnlyList<int> started, TortureWorld world, SealingKeys sealingKeys, Random random, TortureReport report)
    {
        var order = started.Concat(Enumerable.Range(0, clients.Count).Except(started)).ToList();
        foreach (var node in order)
        {
            await ObjectVerifier.VerifyAsync(clients.Chunked(node), world, sealingKeys, random, report);
            await VersionVerifier.VerifyAsync(clients.Chunked(node), world, random, report);
        }

        // Last: an archived key is read only once restored, and restores run on one node under a lease, which a node
        // killed holding it keeps for up to 15 s; the other checks take some of that wait.
        foreach (var node in order)
        {
            await TierVerifier.VerifyAsync(clients.Chunked(node), world, sealingKeys, report);
        }
    }

    /// <summary>
    /// Loads every node up, kills one at the plan's moment, and lets the others serve a while (with one node, none is
    /// left), then stops the load. Returns the node killed and how long the others served after the kill.
    /// </summary>
    private static async Task<(int Victim, TimeSpan Survived)> LoadUntilKilledAsync(
        TortureNodes nodes, NodeClients clients, int cycle, KillPlan plan, TortureWorld world, SealingKeys sealingKeys, Random random, TortureReport report)
    {
        using var context = new CycleContext(cycle, plan, report);

        // Half the workers send plain bodies with a Content-Length, half aws-chunked ones with a
        // trailing checksum, as the SDK does by default: the inline path takes only the former.
        var workers = world.KeysByWorker
            .Select((keys, i) => new TortureWorker(i, clients, i % 2 == 1, keys, world.Uploads, sealingKeys, new Random(random.Next())))
            .Select(worker => Task.Run(() => worker.RunAsync(context)))
            .Concat(world.VersionedKeysByWorker
                .Select((keys, i) => new VersionedTortureWorker(i, clients, i % 2 == 1, keys, world.VersionedUploads, new Random(random.Next())))
                .Select(worker => Task.Run(() => worker.RunAsync(context))))
            .Concat(world.TieredKeysByWorker
                .Select((keys, i) => new TieredTortureWorker(i, clients, i % 2 == 1, keys, sealingKeys, new Random(random.Next())))
                .Select(worker => Task.Run(() => worker.RunAsync(context))))
            .ToList();
        // Drawn before the wait so that the seed decides as much as it can; used only if no request went out before the kill.
        var drawnVictim = nodes.DrawVictim(random);
        var survived = TimeSpan.FromMilliseconds(nodes.Count == 1 ? 0 : random.Next(SurvivorLoadMilliseconds.Least, SurvivorLoadMilliseconds.Most));

        await plan.WaitAsync(CancellationToken.None);
        var victim = plan.NodeToKill ?? drawnVictim;

        // In this order: no request is sent there after the mark, and every one sent before the kill that fails after it is the kill's.
        clients.MarkDown(victim);
        context.MarkKillSent(victim);
        nodes.Kill(victim);
        await Task.Delay(survived);
        context.Stop();
        await Task.WhenAll(workers).WaitAsync(WorkersGone);
        return (victim, survived);
    }

    private static async Task CreateBucketsAsync(IAmazonS3 s3, SealingKeys sealingKeys, CancellationToken cancellationToken)
    {
        await s3.PutBucketAsync(TortureWorld.Bucket, cancellationToken);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = TortureWorld.VersionedBucket, ObjectLockEnabledForBucket = true }, cancellationToken);
        await s3.PutBucketAsync(WarmUpBucket, cancellationToken);
        await s3.PutBucketAsync(TortureWorld.TieredBucket, cancellationToken);
        await PutLifecycleRulesAsync(s3, cancellationToken);
        using var kms = KmsClient(s3.Config.ServiceURL);
        await sealingKeys.CreateKmsKeyAsync(kms, cancellationToken);
    }

    /// <summary>
    /// Every object of the tiered bucket, whatever its size (varies_by_storage_class lets GLACIER take small ones, inline
    /// ones too), moves to GLACIER a day after it is written. Every bucket keeps its open uploads, which the default rule
    /// would abort after seven (one-second) days while the verifier still expects them.
    /// </summary>
    private static async Task PutLifecycleRulesAsync(IAmazonS3 s3, CancellationToken cancellationToken)
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
    private static async Task WarmUpAsync(IAmazonS3 chunked, IAmazonS3 plain, SealingKeys sealingKeys)
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

    /// <summary>Without retries, as the S3 clients (<see cref="NodeClients"/>).</summary>
    private static AmazonKeyManagementServiceClient KmsClient(string endpoint) => new(
        new BasicAWSCredentials(NodeClients.AccessKey, NodeClients.SecretKey),
        new AmazonKeyManagementServiceConfig { ServiceURL = endpoint, AuthenticationRegion = NodeClients.Region, MaxErrorRetry = 0 });
}
