using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Model;

public class TagSetTests
{
    private static IReadOnlyList<Tag> Many(int count) => [.. Enumerable.Range(0, count).Select(i => new Tag($"k{i}", "v"))];

    [Theory]
    [InlineData(TagSetOwner.ObjectVersion, 10)]
    [InlineData(TagSetOwner.Bucket, 50)]
    public void Create_AtTheLimit_Keeps(TagSetOwner owner, int count)
    {
        Assert.Equal(count, TagSet.Create(Many(count), owner).Count);
    }

    [Theory]
    [InlineData(TagSetOwner.ObjectVersion, 11, "Object tags cannot be greater than 10")]
    [InlineData(TagSetOwner.Bucket, 51, "Bucket tag count cannot be greater than 50")]
    public void Create_OverTheLimit_IsInvalidTag(TagSetOwner owner, int count, string message)
    {
        var refused = Assert.Throws<EngineException>(() => TagSet.Create(Many(count), owner));

        Assert.Equal((EngineError.InvalidTag, message), (refused.Code, refused.Message));
    }

    public static TheoryData<string, string, string?> Rules => new()
    {
        { "project", "blue", null },
        { "a b+c-d=e.f_g:h/i@j", "Ünïcödé 値 1", null },
        { new string('k', 128), new string('v', 256), null },
        { string.Concat(Enumerable.Repeat("𠀀", 128)), string.Concat(Enumerable.Repeat("𠀀", 256)), null }, // characters, not UTF-16 units
        { "k", "", null },
        { new string('k', 129), "v", "The TagKey you have provided is too long, max 128" },
        { "k", new string('v', 257), "The TagValue you have provided is too long, max 256" },
        { "", "v", "The TagKey you have provided is invalid" },
        { "semi;colon", "v", "The TagKey you have provided is invalid" },
        { "k", "a<b", "The TagValue you have provided is invalid" },
        { "k", "😀", "The TagValue you have provided is invalid" }, // a symbol, not a letter
        { "aws:createdBy", "me", "Your TagKey cannot be prefixed with aws:" },
        { "AWS:createdBy", "me", "Your TagKey cannot be prefixed with aws:" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Create_OneTag_FollowsS3sRules(string key, string value, string? refusal)
    {
        if (refusal is null)
        {
            Assert.Equal(new Tag(key, value), Assert.Single(TagSet.Create([new Tag(key, value)], TagSetOwner.ObjectVersion).Tags));
            return;
        }

        var refused = Assert.Throws<EngineException>(() => TagSet.Create([new Tag(key, value)], TagSetOwner.ObjectVersion));
        Assert.Equal((EngineError.InvalidTag, refusal), (refused.Code, refused.Message));
    }

    [Fact]
    public void Create_SameKeyTwice_IsInvalidTagButKeysAreCaseSensitive()
    {
        var refused = Assert.Throws<EngineException>(() => TagSet.Create([new Tag("k", "1"), new Tag("k", "2")], TagSetOwner.ObjectVersion));

        Assert.Equal("Cannot provide multiple Tags with the same key", refused.Message);
        Assert.Equal(2, TagSet.Create([new Tag("k", "1"), new Tag("K", "2")], TagSetOwner.ObjectVersion).Count);
    }
}
