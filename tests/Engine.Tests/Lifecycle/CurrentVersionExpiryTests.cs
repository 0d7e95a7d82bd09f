using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Lifecycle;

public class CurrentVersionExpiryTests
{
    private static readonly DateTimeOffset Created = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private static ObjectInfo Version(string key = "logs/a", bool latest = true, bool deleteMarker = false) => new()
    {
        Bucket = "bucket",
        Key = key,
        VersionId = "v1",
        Size = 10,
        ETag = "\"e\"",
        LastModified = Created,
        Attributes = ObjectAttributes.Default,
        IsLatest = latest,
        IsDeleteMarker = deleteMarker,
    };

    private static LifecycleRule Rule(string id, LifecycleExpiration expiration, string prefix = "", bool enabled = true) => new()
    {
        Id = id,
        Enabled = enabled,
        Filter = new LifecycleFilter { Prefix = prefix, Shape = LifecycleFilterShape.Prefix },
        Expiration = expiration,
    };

    private static LifecycleConfiguration Of(params LifecycleRule[] rules) => new() { Rules = rules };

    [Fact]
    public void Of_DaysRule_IsDueAtTheMidnightAfterThatManyDays()
    {
        var expiry = CurrentVersionExpiry.Of(Of(Rule("r", new LifecycleExpiration { Days = 1 })), Version(), LifecycleDay.Real);

        Assert.Equal(new CurrentVersionExpiry(new DateTimeOffset(2024, 5, 3, 0, 0, 0, TimeSpan.Zero), "r"), expiry);
    }

    [Fact]
    public void Of_SeveralRules_TheEarliestWins()
    {
        var configuration = Of(
            Rule("late", new LifecycleExpiration { Days = 30 }),
            Rule("date", new LifecycleExpiration { Date = new DateTimeOffset(2024, 5, 10, 0, 0, 0, TimeSpan.Zero) }),
            Rule("other-prefix", new LifecycleExpiration { Days = 1 }, prefix: "images/"),
            Rule("disabled", new LifecycleExpiration { Days = 1 }, enabled: false));

        Assert.Equal("date", CurrentVersionExpiry.Of(configuration, Version(), LifecycleDay.Real)?.RuleId);
    }

    [Fact]
    public void Of_DeleteMarkerRuleOnly_IsNull()
    {
        Assert.Null(CurrentVersionExpiry.Of(Of(Rule("r", new LifecycleExpiration { ExpiredObjectDeleteMarker = true })), Version(), LifecycleDay.Real));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Of_NoncurrentVersionOrDeleteMarker_IsNull(bool latest, bool deleteMarker)
    {
        Assert.Null(CurrentVersionExpiry.Of(Of(Rule("r", new LifecycleExpiration { Days = 1 })), Version(latest: latest, deleteMarker: deleteMarker), LifecycleDay.Real));
    }

    [Fact]
    public void Of_ShortenedDay_CountsFromTheCreation()
    {
        var expiry = CurrentVersionExpiry.Of(Of(Rule("r", new LifecycleExpiration { Days = 2 })), Version(), new LifecycleDay(TimeSpan.FromSeconds(10)));

        Assert.Equal(Created.AddSeconds(20), expiry?.Date);
    }
}
