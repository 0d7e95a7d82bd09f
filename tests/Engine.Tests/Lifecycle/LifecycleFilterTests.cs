using Coffer.Engine.Lifecycle;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Lifecycle;

public class LifecycleFilterTests
{
    private static TagSet Tags(params (string Key, string Value)[] tags) =>
        TagSet.Create([.. tags.Select(t => new Tag(t.Key, t.Value))], TagSetOwner.ObjectVersion);

    [Fact]
    public void Matches_EmptyFilter_MatchesEveryObject()
    {
        Assert.True(LifecycleFilter.Everything.Matches("any/key", 0, TagSet.Empty));
    }

    [Theory]
    [InlineData("logs/2024/a", true)]
    [InlineData("logs/", true)]
    [InlineData("log", false)]
    [InlineData("Logs/a", false)]
    public void Matches_Prefix_IsAnOrdinalStartOfTheKey(string key, bool matches)
    {
        Assert.Equal(matches, new LifecycleFilter { Prefix = "logs/" }.Matches(key, 10, TagSet.Empty));
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(101, true)]
    public void Matches_ObjectSizeGreaterThan_IsStrict(long size, bool matches)
    {
        Assert.Equal(matches, new LifecycleFilter { ObjectSizeGreaterThan = 100 }.Matches("k", size, TagSet.Empty));
    }

    [Theory]
    [InlineData(99, true)]
    [InlineData(100, false)]
    public void Matches_ObjectSizeLessThan_IsStrict(long size, bool matches)
    {
        Assert.Equal(matches, new LifecycleFilter { ObjectSizeLessThan = 100 }.Matches("k", size, TagSet.Empty));
    }

    [Fact]
    public void Matches_Tags_NeedsEveryTagWithItsValue()
    {
        var filter = new LifecycleFilter { Tags = [new Tag("a", "1"), new Tag("b", "2")] };

        Assert.True(filter.Matches("k", 1, Tags(("a", "1"), ("b", "2"), ("c", "3"))));
        Assert.False(filter.Matches("k", 1, Tags(("a", "1"))));
        Assert.False(filter.Matches("k", 1, Tags(("a", "1"), ("b", "other"))));
        Assert.True(filter.NeedsTags);
    }

    [Fact]
    public void Matches_And_NeedsEveryCondition()
    {
        var filter = new LifecycleFilter { Prefix = "p/", Tags = [new Tag("a", "1")], ObjectSizeGreaterThan = 10, ObjectSizeLessThan = 20 };

        Assert.True(filter.Matches("p/x", 15, Tags(("a", "1"))));
        Assert.False(filter.Matches("q/x", 15, Tags(("a", "1"))));
        Assert.False(filter.Matches("p/x", 25, Tags(("a", "1"))));
        Assert.False(filter.Matches("p/x", 15, TagSet.Empty));
    }
}
