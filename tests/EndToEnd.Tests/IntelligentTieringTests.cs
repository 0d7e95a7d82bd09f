using System.Net;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Hostile;
using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Engine.Tiers;
using Coffer.Server;
using Coffer.TestKit;
using Coffer.TestKit.Signing;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// A server on two-second lifecycle days whose STANDARD_IA and GLACIER objects live in directory tiers of their own,
/// so Intelligent-Tiering's Infrequent and Archive Access tiers lie there too; Bulk restores take an hour.
/// </summary>
public sealed class IntelligentTieringServer : CofferServer
{
    public static readonly TimeSpan DayLength = TimeSpan.FromSeconds(2);

    public TempDirectory InfrequentTier { get; } = new("coffer-ia-tier-");

    public TempDirectory GlacierTier { get; } = new("coffer-it-glacier-tier-");

    protected override ServerOptions Configure(ServerOptions options) => options with
    {
        LifecycleDayLength = DayLength,
        Tiers = [new DirectoryTierLocation("STANDARD_IA", InfrequentTier.Path), new DirectoryTierLocation("GLACIER", GlacierTier.Path)],
        RestoreDelays = Engine.Archive.RestoreDelays.None with { Bulk = TimeSpan.FromHours(1) },
    };

    /// <summary>Moves the server's clock on by that many lifecycle days: its next pass sees them gone by.</summary>
    public void PassDays(int days) => Clock.Offset += DayLength * days;
}

/// <summary>
/// S3 Intelligent-Tiering end to end with the AWS .NET SDK: objects not read for 30 days move to the Infrequent Access
/// tier (their bytes into STANDARD_IA's directory) and come back when read; small objects stay; an enabled configuration
/// archives the objects it matches, which HEAD shows with x-amz-archive-status, reads refuse with InvalidObjectState,
/// and RestoreObject brings back.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public sealed class IntelligentTieringTests(IntelligentTieringServer server) : IClassFixture<IntelligentTieringServer>, IDisposable
{
    private static readonly TimeSpan PassWait = TimeSpan.FromSeconds(60);

    private readonly AmazonS3Client _s3 = server.CreateClient();

    public void Dispose() => _s3.Dispose();

    [Fact]
    public async Task Object_NotReadFor30Days_MovesToStandardIaTierAndComesBackWhenRead()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("it-idle");
        var (content, marker) = await PutAsync(bucket, "report.parquet", 300_000);

        server.PassDays(31);
        // The copy lands in the tier before the switch is committed and the old blob deleted: wait for both.
        await WaitAsync(
            () => DataDirectoryScan.Contains(server.InfrequentTier.Path, marker) && !DataDirectoryScan.Contains(server, marker),
            "the bytes to move from the data directory to the STANDARD_IA tier");
        var head = await _s3.GetObjectMetadataAsync(bucket, "report.parquet");
        using (var get = await _s3.GetObjectAsync(bucket, "report.parquet"))
        {
            Assert.Equal(content, await get.ReadAllBytesAsync());
        }

        await WaitAsync(() => DataDirectoryScan.Contains(server, marker), "the bytes to come back to the data directory");

        Assert.Equal(S3StorageClass.IntelligentTiering, head.StorageClass);
        Assert.Null(head.ArchiveStatus);
        using var again = await _s3.GetObjectAsync(bucket, "report.parquet");
        Assert.Equal(content, await again.ReadAllBytesAsync());
    }

    [Fact]
    public async Task ObjectUnder128KiB_StaysInFrequentAccess()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("it-small");
        var (_, smallMarker) = await PutAsync(bucket, "small.json", 100_000);
        var (_, bigMarker) = await PutAsync(bucket, "big.bin", 200_000);

        server.PassDays(31);
        await WaitAsync(() => DataDirectoryScan.Contains(server.InfrequentTier.Path, bigMarker), "the big object to reach the STANDARD_IA tier");

        Assert.False(DataDirectoryScan.Contains(server.InfrequentTier.Path, smallMarker));
        Assert.True(DataDirectoryScan.Contains(server, smallMarker));
    }

    [Fact]
    public async Task EnabledConfiguration_ArchivesMatchingObjects_ThenRestoreMakesThemReadable()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("it-archive");
        await EnableArchiveAccessAsync(bucket, "cold-logs", new IntelligentTieringPrefixPredicate("logs/"));
        var (content, marker) = await PutAsync(bucket, "logs/2025.log", 400_000);
        var (_, slowMarker) = await PutAsync(bucket, "logs/2024.log", 200_000);
        var (elsewhere, elsewhereMarker) = await PutAsync(bucket, "data/table.bin", 200_000);

        server.PassDays(91);
        var archived = await WaitForArchiveStatusAsync(bucket, "logs/2025.log", ArchiveStatus.ARCHIVE_ACCESS);
        await WaitForArchiveStatusAsync(bucket, "logs/2024.log", ArchiveStatus.ARCHIVE_ACCESS);
        var refused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "logs/2025.log"));
        var copyRefused = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(bucket, "logs/2025.log", bucket, "copy.log"));
        var raw = new RawS3Client(server.Endpoint, new SigV4Signer(server.AccessKey, server.SecretKey, CofferServer.Region));
        var rawGet = await raw.SendAsync(raw.Sign("GET", $"/{bucket}/logs/2025.log"));
        var unmatched = await _s3.GetObjectMetadataAsync(bucket, "data/table.bin");
        using (var unmatchedGet = await _s3.GetObjectAsync(bucket, "data/table.bin"))
        {
            Assert.Equal(elsewhere, await unmatchedGet.ReadAllBytesAsync());
        }

        Assert.Equal(S3StorageClass.IntelligentTiering, archived.StorageClass);
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidObjectState"), (refused.StatusCode, refused.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "InvalidObjectState"), (copyRefused.StatusCode, copyRefused.ErrorCode));
        Assert.Contains("<StorageClass>INTELLIGENT_TIERING</StorageClass>", rawGet.Text, StringComparison.Ordinal);
        Assert.Contains("<AccessTier>ARCHIVE_ACCESS</AccessTier>", rawGet.Text, StringComparison.Ordinal);
        Assert.True(DataDirectoryScan.Contains(server.GlacierTier.Path, marker));
        Assert.Null(unmatched.ArchiveStatus);
        Assert.False(DataDirectoryScan.Contains(server.GlacierTier.Path, elsewhereMarker));

        // S3 takes no Days for these: the object comes back to Frequent Access for good.
        var withDays = await raw.SendAsync(raw.Sign("POST", $"/{bucket}/logs/2025.log?restore", RawS3Client.Utf8("<RestoreRequest><Days>2</Days></RestoreRequest>")));
        var slow = await raw.SendAsync(raw.Sign(
            "POST", $"/{bucket}/logs/2024.log?restore", RawS3Client.Utf8("<RestoreRequest><GlacierJobParameters><Tier>Bulk</Tier></GlacierJobParameters></RestoreRequest>")));
        var slowAgain = await raw.SendAsync(raw.Sign(
            "POST", $"/{bucket}/logs/2024.log?restore", RawS3Client.Utf8("<RestoreRequest><GlacierJobParameters><Tier>Bulk</Tier></GlacierJobParameters></RestoreRequest>")));
        var slowHead = await _s3.GetObjectMetadataAsync(bucket, "logs/2024.log");
        var restore = await raw.SendAsync(raw.Sign(
            "POST", $"/{bucket}/logs/2025.log?restore", RawS3Client.Utf8("<RestoreRequest><GlacierJobParameters><Tier>Standard</Tier></GlacierJobParameters></RestoreRequest>")));
        var restored = await WaitForArchiveStatusAsync(bucket, "logs/2025.log", null);
        using var get = await _s3.GetObjectAsync(bucket, "logs/2025.log");

        Assert.Equal((400, "InvalidArgument"), (withDays.Status, withDays.ErrorCode));
        Assert.Equal((202, 409), (slow.Status, slowAgain.Status));
        Assert.Equal("RestoreAlreadyInProgress", slowAgain.ErrorCode);
        Assert.True(slowHead.RestoreInProgress);
        Assert.Equal(202, restore.Status);
        Assert.Equal(S3StorageClass.IntelligentTiering, restored.StorageClass);
        Assert.NotEqual(true, restored.RestoreInProgress);
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.True(DataDirectoryScan.Contains(server, marker));
        Assert.True(DataDirectoryScan.Contains(server.GlacierTier.Path, slowMarker));
    }

    [Fact]
    public async Task ConfigurationWhoseFilterDoesNotMatch_ArchivesNothing()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("it-nomatch");
        await EnableArchiveAccessAsync(bucket, "tagged", new IntelligentTieringTagPredicate(new Tag { Key = "tier", Value = "archive" }));
        var (content, marker) = await PutAsync(bucket, "untagged.bin", 300_000);
        var (_, tagMarker) = await PutAsync(bucket, "tagged.bin", 300_000, [new Tag { Key = "tier", Value = "archive" }]);

        server.PassDays(91);
        await WaitForArchiveStatusAsync(bucket, "tagged.bin", ArchiveStatus.ARCHIVE_ACCESS);
        var untagged = await _s3.GetObjectMetadataAsync(bucket, "untagged.bin");
        using var get = await _s3.GetObjectAsync(bucket, "untagged.bin");

        Assert.Null(untagged.ArchiveStatus);
        Assert.Equal(content, await get.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server.GlacierTier.Path, marker));
        Assert.True(DataDirectoryScan.Contains(server.GlacierTier.Path, tagMarker));
    }

    /// <summary>An enabled configuration that archives what <paramref name="filter"/> matches after 90 days without access.</summary>
    private Task<PutBucketIntelligentTieringConfigurationResponse> EnableArchiveAccessAsync(string bucket, string id, IntelligentTieringFilterPredicate filter) =>
        _s3.PutBucketIntelligentTieringConfigurationAsync(new PutBucketIntelligentTieringConfigurationRequest
        {
            BucketName = bucket,
            IntelligentTieringId = id,
            IntelligentTieringConfiguration = new IntelligentTieringConfiguration
            {
                IntelligentTieringId = id,
                Status = IntelligentTieringStatus.Enabled,
                IntelligentTieringFilter = new IntelligentTieringFilter { IntelligentTieringFilterPredicate = filter },
                Tierings = [new Tiering { AccessTier = IntelligentTieringAccessTier.ARCHIVE_ACCESS, Days = 90 }],
            },
        });

    private async Task<(byte[] Content, byte[] Marker)> PutAsync(string bucket, string key, int size, List<Tag>? tags = null)
    {
        var (content, marker) = MarkedContent.Make(size);
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            StorageClass = S3StorageClass.IntelligentTiering,
            TagSet = tags,
        });
        return (content, marker);
    }

    private async Task<GetObjectMetadataResponse> WaitForArchiveStatusAsync(string bucket, string key, ArchiveStatus? status)
    {
        var deadline = DateTime.UtcNow + PassWait;
        while (true)
        {
            var head = await _s3.GetObjectMetadataAsync(bucket, key);
            if (head.ArchiveStatus == status)
            {
                return head;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{key} did not get archive status {status?.Value ?? "none"} within {PassWait}");
            await Task.Delay(250);
        }
    }

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + PassWait;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {PassWait} for {what}");
            await Task.Delay(250);
        }
    }
}
