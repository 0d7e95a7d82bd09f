using System.Net;
using System.Text.Json;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Lifecycle and Intelligent-Tiering configurations through the real server, as the AWS .NET SDK and the aws CLI set and
/// read them: every element comes back as sent, a refused document changes nothing, and a current version an enabled
/// expiration rule will expire says so in x-amz-expiration on PUT, HEAD and GET.
/// </summary>
public sealed class LifecycleConfigurationTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();

    public void Dispose() => _s3.Dispose();

    private static LifecycleConfiguration Full => new()
    {
        Rules =
        [
            new LifecycleRule
            {
                Id = "archive-logs",
                Status = LifecycleRuleStatus.Enabled,
                Filter = new LifecycleFilter
                {
                    And = new LifecycleRuleAndOperator
                    {
                        Prefix = "logs/",
                        Tags = [new Tag { Key = "kind", Value = "log" }],
                        ObjectSizeGreaterThan = 1024,
                        ObjectSizeLessThan = 1_000_000_000,
                    },
                },
                Expiration = new LifecycleRuleExpiration { Days = 400 },
                Transitions =
                [
                    new LifecycleTransition { Days = 30, StorageClass = S3StorageClass.StandardInfrequentAccess },
                    new LifecycleTransition { Days = 90, StorageClass = S3StorageClass.Glacier },
                ],
                NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 200, NewerNoncurrentVersions = 3 },
                NoncurrentVersionTransitions =
                [
                    new LifecycleRuleNoncurrentVersionTransition { NoncurrentDays = 60, NewerNoncurrentVersions = 2, StorageClass = S3StorageClass.DeepArchive },
                ],
            },
            new LifecycleRule
            {
                Id = "tidy",
                Status = LifecycleRuleStatus.Disabled,
                Filter = new LifecycleFilter { Prefix = "tmp/" },
                Expiration = new LifecycleRuleExpiration { ExpiredObjectDeleteMarker = true },
                AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 7 },
            },
            new LifecycleRule
            {
                Id = "dated",
                Status = LifecycleRuleStatus.Enabled,
                Filter = new LifecycleFilter { Tag = new Tag { Key = "project", Value = "done" } },
                Expiration = new LifecycleRuleExpiration { Date = new DateTime(2040, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            },
            new LifecycleRule
            {
                Id = "large",
                Status = LifecycleRuleStatus.Enabled,
                Filter = new LifecycleFilter { ObjectSizeGreaterThan = 1_000_000 },
                Transitions = [new LifecycleTransition { Days = 0, StorageClass = S3StorageClass.IntelligentTiering }],
            },
        ],
    };

    [Fact]
    public async Task PutLifecycleConfiguration_EveryElement_ComesBackFromGet()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-full");

        var put = await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = Full,
            TransitionDefaultMinimumObjectSize = TransitionDefaultMinimumObjectSize.VariesByStorageClass,
        });
        var get = await _s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket });

        Assert.Equal(TransitionDefaultMinimumObjectSize.VariesByStorageClass, put.TransitionDefaultMinimumObjectSize);
        Assert.Equal(TransitionDefaultMinimumObjectSize.VariesByStorageClass, get.TransitionDefaultMinimumObjectSize);
        Assert.Equal(Describe(Full), Describe(get.Configuration));
    }

    [Fact]
    public async Task DeleteLifecycleConfiguration_ThenGet_IsNoSuchLifecycleConfiguration()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-delete");
        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = Full });

        var deleted = await _s3.DeleteLifecycleConfigurationAsync(new DeleteLifecycleConfigurationRequest { BucketName = bucket });
        var again = await _s3.DeleteLifecycleConfigurationAsync(new DeleteLifecycleConfigurationRequest { BucketName = bucket });
        var missing = await new AwsCli(server).RunAsync("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket);

        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.HttpStatusCode);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("NoSuchLifecycleConfiguration", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutLifecycleConfiguration_Refused_KeepsTheEarlierConfiguration()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-refused");
        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = Full });
        var bad = new LifecycleConfiguration
        {
            Rules =
            [
                new LifecycleRule
                {
                    Id = "too-soon",
                    Status = LifecycleRuleStatus.Enabled,
                    Filter = new LifecycleFilter { Prefix = "" },
                    Transitions = [new LifecycleTransition { Days = 10, StorageClass = S3StorageClass.StandardInfrequentAccess }],
                },
            ],
        };

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = bad }));
        var get = await _s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket });

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (refused.StatusCode, refused.ErrorCode));
        Assert.Equal("'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'", refused.Message);
        Assert.Equal(Describe(Full), Describe(get.Configuration));
    }

    [Fact]
    public async Task PutLifecycleConfiguration_ExpirationBeforeDayOne_IsInvalidArgument()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-days0");
        var bad = new LifecycleConfiguration
        {
            Rules = [new LifecycleRule { Id = "r", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "" }, Expiration = new LifecycleRuleExpiration { Days = 0 } }],
        };

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = bad }));

        // The .NET SDK turns GET's 404 into an empty configuration rather than an exception.
        var missing = await _s3.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket });

        Assert.Equal(("InvalidArgument", "'Days' for Expiration action must be a positive integer"), (refused.ErrorCode, refused.Message));
        Assert.Empty(missing.Configuration?.Rules ?? []);
    }

    [Fact]
    public async Task AwsCli_PutAndGetBucketLifecycleConfiguration_RoundTripsTheDocument()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-cli");
        using var folder = new TempDirectory("coffer-lc-");
        var file = Path.Combine(folder.Path, "lifecycle.json");
        await File.WriteAllTextAsync(file, """
            {"Rules": [
              {"ID": "logs", "Prefix": "logs/", "Status": "Enabled", "Expiration": {"Days": 31}},
              {"ID": "tagged", "Filter": {"And": {"Prefix": "x/", "Tags": [{"Key": "a", "Value": "b"}]}}, "Status": "Disabled",
               "Transitions": [{"Days": 45, "StorageClass": "GLACIER_IR"}], "NoncurrentVersionExpiration": {"NoncurrentDays": 10}}
            ]}
            """);
        var aws = new AwsCli(server);

        await aws.RunCheckedAsync("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket, "--lifecycle-configuration", $"file://{file}");
        var answer = JsonDocument.Parse(await aws.RunCheckedAsync("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket, "--output", "json")).RootElement;

        var rules = answer.GetProperty("Rules");
        Assert.Equal("all_storage_classes_128K", answer.GetProperty("TransitionDefaultMinimumObjectSize").GetString());
        Assert.Equal("logs/", rules[0].GetProperty("Prefix").GetString());
        Assert.False(rules[0].TryGetProperty("Filter", out _));
        Assert.Equal(31, rules[0].GetProperty("Expiration").GetProperty("Days").GetInt32());
        Assert.Equal("x/", rules[1].GetProperty("Filter").GetProperty("And").GetProperty("Prefix").GetString());
        Assert.Equal("b", rules[1].GetProperty("Filter").GetProperty("And").GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal("GLACIER_IR", rules[1].GetProperty("Transitions")[0].GetProperty("StorageClass").GetString());
        Assert.Equal(10, rules[1].GetProperty("NoncurrentVersionExpiration").GetProperty("NoncurrentDays").GetInt32());
    }

    [Fact]
    public async Task Expiration_OfACurrentVersionAnEnabledRuleExpires_IsSeenOnPutHeadGetAndCopy()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-expiry");
        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule { Id = "week", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "logs/" }, Expiration = new LifecycleRuleExpiration { Days = 7 } },
                    new LifecycleRule { Id = "day rule", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "logs/today/" }, Expiration = new LifecycleRuleExpiration { Days = 1 } },
                    new LifecycleRule { Id = "off", Status = LifecycleRuleStatus.Disabled, Filter = new LifecycleFilter { Prefix = "" }, Expiration = new LifecycleRuleExpiration { Days = 1 } },
                ],
            },
        });

        var put = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "logs/today/a.log", ContentBody = "line" });
        var head = await _s3.GetObjectMetadataAsync(bucket, "logs/today/a.log");
        using var get = await _s3.GetObjectAsync(bucket, "logs/today/a.log");
        var copy = await _s3.CopyObjectAsync(bucket, "logs/today/a.log", bucket, "logs/kept.log");
        var other = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "images/a.png", ContentBody = "png" });

        var due = new DateTime(head.LastModified!.Value.ToUniversalTime().Date.AddDays(2).Ticks, DateTimeKind.Utc);
        Assert.All([put.Expiration, head.Expiration, get.Expiration], expiration =>
        {
            Assert.Equal("day rule", expiration.RuleId);
            Assert.Equal(due, expiration.ExpiryDate.ToUniversalTime());
        });
        Assert.Equal("week", copy.Expiration.RuleId);
        Assert.Null(other.Expiration);
    }

    [Fact]
    public async Task Expiration_OfANoncurrentVersion_IsNotSaid()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-noncurrent");
        await _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules = [new LifecycleRule { Id = "r", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "" }, Expiration = new LifecycleRuleExpiration { Days = 5 } }],
            },
        });
        var first = await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "one" });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "two" });

        var older = await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", VersionId = first.VersionId });
        var current = await _s3.GetObjectMetadataAsync(bucket, "k");

        Assert.Null(older.Expiration);
        Assert.Equal("r", current.Expiration.RuleId);
    }

    [Fact]
    public async Task IntelligentTieringConfiguration_PutGetListDelete_RoundTrips()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("it");
        var archive = new IntelligentTieringConfiguration
        {
            IntelligentTieringId = "archive",
            Status = IntelligentTieringStatus.Disabled,
            IntelligentTieringFilter = new IntelligentTieringFilter
            {
                IntelligentTieringFilterPredicate = new IntelligentTieringAndOperator(
                    [new IntelligentTieringPrefixPredicate("data/"), new IntelligentTieringTagPredicate(new Tag { Key = "tier", Value = "cold" })]),
            },
            Tierings =
            [
                new Tiering { AccessTier = IntelligentTieringAccessTier.ARCHIVE_ACCESS, Days = 90 },
                new Tiering { AccessTier = IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS, Days = 180 },
            ],
        };
        var deep = new IntelligentTieringConfiguration
        {
            IntelligentTieringId = "deep",
            Status = IntelligentTieringStatus.Disabled,
            Tierings = [new Tiering { AccessTier = IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS, Days = 365 }],
        };

        await _s3.PutBucketIntelligentTieringConfigurationAsync(new PutBucketIntelligentTieringConfigurationRequest { BucketName = bucket, IntelligentTieringId = "archive", IntelligentTieringConfiguration = archive });
        await _s3.PutBucketIntelligentTieringConfigurationAsync(new PutBucketIntelligentTieringConfigurationRequest { BucketName = bucket, IntelligentTieringId = "deep", IntelligentTieringConfiguration = deep });
        var got = (await _s3.GetBucketIntelligentTieringConfigurationAsync(new GetBucketIntelligentTieringConfigurationRequest { BucketName = bucket, IntelligentTieringId = "archive" })).IntelligentTieringConfiguration;
        var listed = await _s3.ListBucketIntelligentTieringConfigurationsAsync(new ListBucketIntelligentTieringConfigurationsRequest { BucketName = bucket });
        await _s3.DeleteBucketIntelligentTieringConfigurationAsync(new DeleteBucketIntelligentTieringConfigurationRequest { BucketName = bucket, IntelligentTieringId = "archive" });
        var gone = await new AwsCli(server).RunAsync("s3api", "get-bucket-intelligent-tiering-configuration", "--bucket", bucket, "--id", "archive");
        var left = await _s3.ListBucketIntelligentTieringConfigurationsAsync(new ListBucketIntelligentTieringConfigurationsRequest { BucketName = bucket });

        Assert.Equal("archive", got.IntelligentTieringId);
        Assert.Equal(IntelligentTieringStatus.Disabled, got.Status);
        var and = Assert.IsType<IntelligentTieringAndOperator>(got.IntelligentTieringFilter.IntelligentTieringFilterPredicate);
        Assert.Equal("data/", Assert.IsType<IntelligentTieringPrefixPredicate>(and.Operands[0]).Prefix);
        Assert.Equal("cold", Assert.IsType<IntelligentTieringTagPredicate>(and.Operands[1]).Tag.Value);
        Assert.Equal([("ARCHIVE_ACCESS", 90), ("DEEP_ARCHIVE_ACCESS", 180)], got.Tierings.Select(t => (t.AccessTier.Value, t.Days ?? 0)));
        Assert.Equal(["archive", "deep"], listed.IntelligentTieringConfigurationList.Select(c => c.IntelligentTieringId));
        Assert.False(listed.IsTruncated);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NoSuchConfiguration", gone.Error, StringComparison.Ordinal);
        Assert.Equal(["deep"], left.IntelligentTieringConfigurationList.Select(c => c.IntelligentTieringId));
    }

    [Fact]
    public async Task IntelligentTieringConfiguration_Enabled_IsStoredAndReadBackEnabled()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("it-on");
        var enabled = new IntelligentTieringConfiguration
        {
            IntelligentTieringId = "on",
            Status = IntelligentTieringStatus.Enabled,
            Tierings = [new Tiering { AccessTier = IntelligentTieringAccessTier.ARCHIVE_ACCESS, Days = 90 }],
        };

        await _s3.PutBucketIntelligentTieringConfigurationAsync(
            new PutBucketIntelligentTieringConfigurationRequest { BucketName = bucket, IntelligentTieringId = "on", IntelligentTieringConfiguration = enabled });
        var read = await _s3.GetBucketIntelligentTieringConfigurationAsync(
            new GetBucketIntelligentTieringConfigurationRequest { BucketName = bucket, IntelligentTieringId = "on" });

        Assert.Equal(IntelligentTieringStatus.Enabled, read.IntelligentTieringConfiguration.Status);
        Assert.Equal((IntelligentTieringAccessTier.ARCHIVE_ACCESS, 90), (read.IntelligentTieringConfiguration.Tierings[0].AccessTier, read.IntelligentTieringConfiguration.Tierings[0].Days));
    }

    [Fact]
    public async Task IntelligentTieringConfiguration_ArchiveBeforeDay90_IsRefusedAndChangesNothing()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("it-bad");
        var bad = new IntelligentTieringConfiguration
        {
            IntelligentTieringId = "soon",
            Status = IntelligentTieringStatus.Enabled,
            Tierings = [new Tiering { AccessTier = IntelligentTieringAccessTier.ARCHIVE_ACCESS, Days = 30 }],
        };

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketIntelligentTieringConfigurationAsync(
            new PutBucketIntelligentTieringConfigurationRequest { BucketName = bucket, IntelligentTieringId = "soon", IntelligentTieringConfiguration = bad }));
        var listed = await _s3.ListBucketIntelligentTieringConfigurationsAsync(new ListBucketIntelligentTieringConfigurationsRequest { BucketName = bucket });

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (refused.StatusCode, refused.ErrorCode));
        Assert.Empty(listed.IntelligentTieringConfigurationList ?? []);
    }

    [Fact]
    public async Task LifecycleConfiguration_ForAUserAllowedOnlyToReadIt_IsReadableButNotWritable()
    {
        var bucket = await _s3.CreateUniqueBucketAsync("lc-perm");
        await _s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = Full });
        var key = await new IamUsers(server).CreateAsync("lc-reader", IamUsers.AllowOnBucket(bucket, "s3:GetLifecycleConfiguration"));
        using var reader = server.CreateClient(new Amazon.Runtime.BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));

        var read = await reader.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket });
        var put = await Assert.ThrowsAsync<AmazonS3Exception>(() => reader.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = Full }));
        var delete = await Assert.ThrowsAsync<AmazonS3Exception>(() => reader.DeleteLifecycleConfigurationAsync(new DeleteLifecycleConfigurationRequest { BucketName = bucket }));

        Assert.Equal(Describe(Full), Describe(read.Configuration));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (put.StatusCode, delete.StatusCode));
    }

    /// <summary>A rule set as text, so two configurations compare element by element whatever the SDK's classes compare.</summary>
    private static string Describe(LifecycleConfiguration configuration) => string.Join("\n", configuration.Rules.Select(rule => string.Join(" | ", (string?[])
    [
        rule.Id, rule.Status?.Value, FilterText(rule.Filter),
        rule.Expiration is { } e ? $"exp({e.Days};{e.Date?.ToUniversalTime():O};{e.ExpiredObjectDeleteMarker})" : null,
        string.Join(",", (rule.Transitions ?? []).Select(t => $"{t.Days};{t.Date?.ToUniversalTime():O};{t.StorageClass?.Value}")),
        rule.NoncurrentVersionExpiration is { } n ? $"ncexp({n.NoncurrentDays};{n.NewerNoncurrentVersions})" : null,
        string.Join(",", (rule.NoncurrentVersionTransitions ?? []).Select(t => $"{t.NoncurrentDays};{t.NewerNoncurrentVersions};{t.StorageClass?.Value}")),
        $"abort({rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation})",
    ])));

    /// <summary>
    /// A filter as text, from either of the SDK's forms: requests are built with its properties, while its response
    /// parser fills the older predicate form (LifecycleFilterPredicate) from the same XML.
    /// </summary>
    private static string FilterText(LifecycleFilter? filter)
    {
        static string Tags(IEnumerable<Tag> tags) => string.Join(",", tags.Select(t => $"{t.Key}={t.Value}"));
        static string And(string? prefix, IEnumerable<Tag> tags, long? above, long? below) => $"and({prefix};{Tags(tags)};{above};{below})";

        return filter switch
        {
            null => "none",
            { And: { } and } => And(and.Prefix, and.Tags ?? [], and.ObjectSizeGreaterThan, and.ObjectSizeLessThan),
            { LifecycleFilterPredicate: LifecycleAndOperator and } => And(
                and.Operands.OfType<LifecyclePrefixPredicate>().SingleOrDefault()?.Prefix,
                and.Operands.OfType<LifecycleTagPredicate>().Select(t => t.Tag),
                and.Operands.OfType<LifecycleObjectSizeGreaterThanPredicate>().SingleOrDefault()?.ObjectSizeGreaterThan,
                and.Operands.OfType<LifecycleObjectSizeLessThanPredicate>().SingleOrDefault()?.ObjectSizeLessThan),
            { LifecycleFilterPredicate: LifecyclePrefixPredicate prefix } => $"prefix({prefix.Prefix})",
            { LifecycleFilterPredicate: LifecycleTagPredicate tag } => $"tag({tag.Tag.Key}={tag.Tag.Value})",
            { LifecycleFilterPredicate: LifecycleObjectSizeGreaterThanPredicate above } => $"above({above.ObjectSizeGreaterThan})",
            { LifecycleFilterPredicate: LifecycleObjectSizeLessThanPredicate below } => $"below({below.ObjectSizeLessThan})",
            { Tag: { } tag } => $"tag({tag.Key}={tag.Value})",
            { ObjectSizeGreaterThan: { } above } => $"above({above})",
            { ObjectSizeLessThan: { } below } => $"below({below})",
            _ => $"prefix({filter.Prefix})",
        };
    }
}
