using Amazon.S3;

using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

/// <summary>
/// Everything a client can see after a restart, against the model: each key by GET (and HEAD, for how it is sealed), then listings
/// of several shapes against those GETs, then the open multipart uploads.
/// </summary>
public static class ObjectVerifier
{
    public static async Task VerifyAsync(IAmazonS3 s3, TortureWorld world, SealingKeys sealingKeys, Random random, TortureReport report)
    {
        var keys = world.AllKeys.ToList();
        var present = new Dictionary<string, FoundObject>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            FoundObject? found;
            try
            {
                found = await ObjectReader.ReadSealedAsync(s3, key.Bucket, key.Key, sealingKeys);
            }
            catch (AmazonS3Exception error)
            {
                // Unreadable is as bad as lost; the key keeps its model and stays out of the listings' truth.
                report.Add(ViolationKind.Lost, $"{key} cannot be read: {(int)error.StatusCode} {error.ErrorCode}: {error.Message}");
                key.Settle(key.Acknowledged);
                continue;
            }

            KeyJudge.Judge(key, found, report);
            if (found is not null)
            {
                present[key.Key] = found;
            }
        }

        var everWritten = keys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        ListingCheck[] listings =
        [
            new(string.Empty, null, null),
            new(string.Empty, null, random.Next(2, 8)),
            new(string.Empty, "/", null),
            new(string.Empty, "/", random.Next(1, 5)),
            new($"w{random.Next(world.KeysByWorker.Count)}/", "/", random.Next(1, 4)),
        ];
        foreach (var listing in listings)
        {
            await listing.RunAsync(s3, TortureWorld.Bucket, present, everWritten, report);
        }

        await UploadCheck.RunAsync(s3, TortureWorld.Bucket, keys, world.Uploads, report);
    }
}
