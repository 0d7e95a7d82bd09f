using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Lifecycle;

public class BucketLifecycleTests
{
    private readonly EngineUnderTest _engine = new();

    private BucketLifecycle Lifecycle => new(_engine.Settings);

    private static BucketName Bucket => EngineUnderTest.Bucket;

    private static CancellationToken None => CancellationToken.None;

    /// <summary>One rule with every action and an And filter, the other disabled with a rule-level prefix.</summary>
    public static LifecycleConfiguration Full { get; } = new()
    {
        TransitionMinimumSize = TransitionMinimumSize.VariesByStorageClass,
        Rules =
        [
            new LifecycleRule
            {
                Id = "everything",
                Enabled = true,
                Filter = new LifecycleFilter
                {
                    Prefix = "logs/",
                    Tags = [new Tag("kind", "log")],
                    ObjectSizeGreaterThan = 1,
                    ObjectSizeLessThan = 1_000_000,
                    Shape = LifecycleFilterShape.And,
                },
                Expiration = new LifecycleExpiration { Days = 400 },
                Transitions = [new LifecycleTransition(30, null, "STANDARD_IA"), new LifecycleTransition(90, null, "GLACIER")],
                NoncurrentVersionExpiration = new NoncurrentVersionExpiration(200, 3),
                NoncurrentVersionTransitions = [new NoncurrentVersionTransition(60, 2, "DEEP_ARCHIVE")],
            },
            new LifecycleRule
            {
                Id = "old",
                Enabled = false,
                Filter = new LifecycleFilter { Prefix = "tmp/", Shape = LifecycleFilterShape.RulePrefix },
                Expiration = new LifecycleExpiration { Date = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) },
                AbortIncompleteMultipartUploadDays = 7,
            },
        ],
    };

    [Fact]
    public async Task PutAsync_ThenGetAndFind_ReadTheSameConfigurationBack()
    {
        await Lifecycle.PutAsync(Bucket, Full, None);

        var read = await Lifecycle.GetAsync(Bucket, None);
        var found = await Lifecycle.FindAsync(Bucket, None);

        Assert.NotNull(read);
        Assert.Equal(BucketLifecycle.Serialize(Full), BucketLifecycle.Serialize(read));
        Assert.Equal(BucketLifecycle.Serialize(Full), BucketLifecycle.Serialize(found!));
        Assert.Equal(LifecycleFilterShape.And, read.Rules[0].Filter.Shape);
        Assert.Equal(TransitionMinimumSize.VariesByStorageClass, read.TransitionMinimumSize);
    }

    [Fact]
    public async Task PutAsync_StoresEnumsByName()
    {
        await Lifecycle.PutAsync(Bucket, Full, None);

        var stored = await _engine.Metadata.GetBucketSettingAsync(Bucket.Value, "lifecycle", None);

        Assert.Contains("\"RulePrefix\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"VariesByStorageClass\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_SameStoredDocument_ParsesItOnce()
    {
        var lifecycle = Lifecycle;
        await lifecycle.PutAsync(Bucket, Full, None);

        var first = await lifecycle.FindAsync(Bucket, None);
        var second = await lifecycle.FindAsync(Bucket, None);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task PutAsync_InvalidConfiguration_ChangesNothing()
    {
        await Lifecycle.PutAsync(Bucket, Full, None);
        var invalid = Full with { Rules = [Full.Rules[0] with { Expiration = new LifecycleExpiration { Days = 0 } }] };

        var refused = await Assert.ThrowsAsync<EngineException>(() => Lifecycle.PutAsync(Bucket, invalid, None));

        Assert.Equal(EngineError.InvalidArgument, refused.Code);
        Assert.Equal(BucketLifecycle.Serialize(Full), BucketLifecycle.Serialize((await Lifecycle.GetAsync(Bucket, None))!));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheConfiguration()
    {
        await Lifecycle.PutAsync(Bucket, Full, None);

        await Lifecycle.DeleteAsync(Bucket, None);

        Assert.Null(await Lifecycle.GetAsync(Bucket, None));
        Assert.Null(await _engine.Settings.FindAsync(Bucket, BucketSettingName.Lifecycle, None));
    }
}
