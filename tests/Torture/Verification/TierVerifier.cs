using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

/// <summary>
/// The tiered bucket's keys after a restart, against the model. An archived object cannot be read until restored, so a GET
/// it refuses with InvalidObjectState is followed by a restore, a wait for the copy and another GET; the lifecycle pass the
/// restart began may archive a key between two reads, hence a few rounds. What is read is judged as any key is.
/// </summary>
public static class TierVerifier
{
    private const int Rounds = 3;

    /// <summary>Longer than the restore worker's poll; a restore is copied as soon as it is asked for.</summary>
    private static readonly TimeSpan RestoreWait = TimeSpan.FromSeconds(60);

    public static async Task VerifyAsync(IAmazonS3 s3, TortureWorld world, SealingKeys sealingKeys, TortureReport report)
    {
        foreach (var key in world.AllTieredKeys)
        {
            var archived = false;
            for (var round = 1; ; round++)
            {
                try
                {
                    var found = await ObjectReader.ReadSealedAsync(s3, key.Bucket, key.Key, sealingKeys);
                    var violations = report.Violations.Count;
                    KeyJudge.Judge(key, found, report);
                    if (archived && found is not null && report.Violations.Count == violations)
                    {
                        report.Count(Figure.ArchivedVerified);
                    }

                    break;
                }
                catch (AmazonS3Exception refused) when (refused.StatusCode == HttpStatusCode.Forbidden && refused.ErrorCode == "InvalidObjectState" && round < Rounds)
                {
                    archived = true;
                    await RestoreAsync(s3, key);
                }
                catch (AmazonS3Exception error)
                {
                    report.Add(ViolationKind.Lost, $"{key} cannot be read: {(int)error.StatusCode} {error.ErrorCode}: {error.Message}");
                    key.Settle(key.Acknowledged);
                    break;
                }
            }
        }
    }

    /// <summary>Asks for a copy that outlives the verification (30 days of one second) and waits until HEAD says it is there.</summary>
    private static async Task RestoreAsync(IAmazonS3 s3, KeyModel key)
    {
        try
        {
            await s3.RestoreObjectAsync(new RestoreObjectRequest { BucketName = key.Bucket, Key = key.Key, Days = 30 });
        }
        catch (AmazonS3Exception running) when (running.StatusCode == HttpStatusCode.Conflict && running.ErrorCode == "RestoreAlreadyInProgress")
        {
        }

        var deadline = DateTime.UtcNow + RestoreWait;
        while ((await s3.GetObjectMetadataAsync(key.Bucket, key.Key)).RestoreInProgress == true)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{key} was not restored within {RestoreWait}");
            }

            await Task.Delay(100);
        }
    }
}
