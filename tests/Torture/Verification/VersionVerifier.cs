using System.Net;
using System.Text;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

/// <summary>
/// Everything a client can see of the object-locked bucket after a restart, against the model:
/// ListObjectVersions (whole, and again in small pages that must agree), each key's versions and
/// markers by <see cref="VersionJudge"/>, the lock of every version that has or may have one, the
/// bytes of every version by id, each key's current state by plain GET, ListObjectsV2 against
/// those GETs, and the open multipart uploads.
/// </summary>
public static class VersionVerifier
{
    /// <summary>A runaway listing (markers that never end) fails the check instead of hanging it.</summary>
    private const int MaxPages = 10_000;

    /// <summary>Retain-until dates travel as text; a second either way is the same date.</summary>
    private static readonly TimeSpan DateTolerance = TimeSpan.FromSeconds(1);

    public static async Task VerifyAsync(IAmazonS3 s3, TortureWorld world, Random random, TortureReport report)
    {
        var keys = world.AllVersionedKeys.ToList();
        var listed = await ListAsync(s3, maxKeys: null);
        var paged = await ListAsync(s3, maxKeys: random.Next(1, 6));
        if (!listed.SequenceEqual(paged))
        {
            report.Add(ViolationKind.ListingMismatch, $"ListObjectVersions in pages of up to 5 gave {paged.Count} entries, not the {listed.Count} of one page, or not the same");
        }

        CheckKeyOrder(listed, report);
        var byKey = listed.GroupBy(entry => entry.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        foreach (var unknown in byKey.Keys.Where(name => keys.All(key => key.Key != name)))
        {
            report.Add(ViolationKind.Exposed, $"ListObjectVersions lists '{unknown}', which no request ever wrote");
        }

        report.Count(Figure.ListingCompared);

        var now = DateTimeOffset.UtcNow;
        var present = new Dictionary<string, FoundObject>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var holds = VersionJudge.Judge(key, byKey.GetValueOrDefault(key.Key) ?? [], now, report);
            for (var i = 0; i < holds.Count; i++)
            {
                holds[i] = await CheckLockAsync(s3, key, holds[i], report);
            }

            key.Settle(holds);
            foreach (var version in holds.Where(version => !version.IsMarker))
            {
                await CheckBytesAsync(s3, key, version, report);
            }

            if (await CheckCurrentAsync(s3, key, report) is { } current)
            {
                present[key.Key] = current;
            }
        }

        var everWritten = keys.Select(key => key.Key).ToHashSet(StringComparer.Ordinal);
        ListingCheck[] listings = [new(string.Empty, null, random.Next(1, 6)), new(string.Empty, "/", null)];
        foreach (var listing in listings)
        {
            await listing.RunAsync(s3, TortureWorld.VersionedBucket, present, everWritten, report);
        }

        await UploadCheck.RunAsync(s3, TortureWorld.VersionedBucket, keys, world.VersionedUploads, report);
    }

    /// <summary>
    /// The version's legal hold and retention as the server reports them, when the model gives it
    /// a lock or a lock change was in flight for it: the acknowledged lock, or the one in flight.
    /// </summary>
    private static async Task<VersionModel> CheckLockAsync(IAmazonS3 s3, VersionedKeyModel key, VersionModel version, TortureReport report)
    {
        var change = key.InFlight as ChangeLock;
        var changing = change?.VersionId == version.VersionId;
        if (version.IsMarker || (version.Lock.IsNone && !changing))
        {
            return version;
        }

        var found = await ReadLockAsync(s3, key, version.VersionId);
        if (Same(found, version.Lock))
        {
            if (changing)
            {
                report.InFlightOutcome(Same(found, change!.Lock) ? null : false);
            }

            report.Count(Figure.LockVerified);
            return version;
        }

        if (changing && Same(found, change!.Lock))
        {
            report.InFlightOutcome(landed: true);
            report.Count(Figure.LockVerified);
            return version with { Lock = change.Lock };
        }

        var kind = version.Lock.LegalHold && !found.LegalHold || found.RetainUntil < version.Lock.RetainUntil - DateTolerance || found.RetentionMode is null && version.Lock.RetentionMode is not null
            ? ViolationKind.LockBroken
            : ViolationKind.Exposed;
        report.Add(kind, $"{key} {version}: the server reports {found}, acknowledged {version.Lock} (in flight: {VersionJudge.Describe(key.InFlight)})");
        return version with { Lock = found };
    }

    private static bool Same(LockState found, LockState expected) =>
        found.LegalHold == expected.LegalHold
        && found.RetentionMode == expected.RetentionMode
        && (found.RetainUntil is null) == (expected.RetainUntil is null)
        && (found.RetainUntil is null || (found.RetainUntil.Value - expected.RetainUntil!.Value).Duration() <= DateTolerance);

    private static async Task<LockState> ReadLockAsync(IAmazonS3 s3, VersionedKeyModel key, string versionId)
    {
        var held = false;
        try
        {
            var hold = await s3.GetObjectLegalHoldAsync(new GetObjectLegalHoldRequest { BucketName = key.Bucket, Key = key.Key, VersionId = versionId });
            held = hold.LegalHold?.Status == ObjectLockLegalHoldStatus.On;
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchObjectLockConfiguration")
        {
            // S3's answer for a version that never had a hold.
        }

        try
        {
            var retention = await s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = key.Bucket, Key = key.Key, VersionId = versionId });
            var until = retention.Retention?.RetainUntilDate;
            return new LockState(held, retention.Retention?.Mode?.Value, until is null ? null : new DateTimeOffset(until.Value.ToUniversalTime()));
        }
        catch (AmazonS3Exception error) when (error.ErrorCode == "NoSuchObjectLockConfiguration")
        {
            return LockState.None with { LegalHold = held };
        }
    }

    private static async Task CheckBytesAsync(IAmazonS3 s3, VersionedKeyModel key, VersionModel version, TortureReport report)
    {
        FoundObject? found;
        try
        {
            found = await ObjectReader.ReadAsync(s3, key.Bucket, key.Key, version.VersionId);
        }
        catch (AmazonS3Exception error)
        {
            report.Add(ViolationKind.Lost, $"{key} {version} is listed but cannot be read: {(int)error.StatusCode} {error.ErrorCode}: {error.Message}");
            return;
        }

        var content = version.Content!;
        if (found is null)
        {
            report.Add(ViolationKind.Lost, $"{key} {version} is listed but GET by its id finds nothing");
        }
        else if (!content.SameBytes(found.Length, found.Sha256) || found.ETag != content.ETag)
        {
            report.Add(ViolationKind.Exposed, $"{key} {version}: GET by its id gives {found.Length:N0} bytes with ETag {found.ETag} that are not {content}");
        }
        else
        {
            report.Count(Figure.VersionReadBack);
        }
    }

    /// <summary>A GET without a version id serves the current version; behind a marker, or with none, it is NoSuchKey.</summary>
    private static async Task<FoundObject?> CheckCurrentAsync(IAmazonS3 s3, VersionedKeyModel key, TortureReport report)
    {
        var current = key.Versions.Count == 0 ? null : key.Versions[^1];
        FoundObject? found;
        try
        {
            found = await ObjectReader.ReadAsync(s3, key.Bucket, key.Key);
        }
        catch (AmazonS3Exception error) when (error.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            report.Add(ViolationKind.UnexpectedError, $"{key}: GET without a version id answered 405, as if a delete marker had been named");
            return null;
        }

        if (current?.Content is not { } content)
        {
            if (found is null)
            {
                report.Count(Figure.AbsenceConfirmed);
            }
            else
            {
                report.Add(ViolationKind.Exposed, $"{key}: GET serves {found.Length:N0} bytes although its current state is {current?.ToString() ?? "no version"}");
            }

            return found;
        }

        if (found is null || !content.SameBytes(found.Length, found.Sha256))
        {
            report.Add(ViolationKind.Lost, $"{key}: GET gives {(found is null ? "NoSuchKey" : $"{found.Length:N0} other bytes")}, not its current {current}");
        }
        else
        {
            report.Count(Figure.ObjectReadBack);
        }

        return found;
    }

    private static void CheckKeyOrder(List<ListedVersion> listed, TortureReport report)
    {
        for (var i = 1; i < listed.Count; i++)
        {
            if (Encoding.UTF8.GetBytes(listed[i - 1].Key).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(listed[i].Key)) > 0)
            {
                report.Add(ViolationKind.ListingMismatch, $"ListObjectVersions lists '{listed[i].Key}' after '{listed[i - 1].Key}'");
            }
        }
    }

    private static async Task<List<ListedVersion>> ListAsync(IAmazonS3 s3, int? maxKeys)
    {
        var request = new ListVersionsRequest { BucketName = TortureWorld.VersionedBucket, MaxKeys = maxKeys };
        var entries = new List<ListedVersion>();
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await s3.ListVersionsAsync(request);
            entries.AddRange((response.Versions ?? []).Select(v =>
                new ListedVersion(v.Key, v.VersionId, v.IsDeleteMarker == true, v.IsLatest == true, v.Size ?? 0, v.ETag?.Trim('"'))));
            if (response.IsTruncated != true)
            {
                return entries;
            }

            request.KeyMarker = response.NextKeyMarker;
            request.VersionIdMarker = response.NextVersionIdMarker;
        }

        throw new InvalidOperationException($"ListObjectVersions of {TortureWorld.VersionedBucket} did not end after {MaxPages} pages");
    }
}
