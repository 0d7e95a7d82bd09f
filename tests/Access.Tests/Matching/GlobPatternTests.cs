using System.Diagnostics;

using Coffer.Access.Matching;

namespace Coffer.Access.Tests.Matching;

public class GlobPatternTests
{
    /// <summary>Pattern, text, ignore case, match?</summary>
    public static TheoryData<string, string, bool, bool> Rows => new()
    {
        { "", "", false, true },
        { "", "a", false, false },
        { "*", "", false, true },
        { "*", "anything/at:all", false, true },
        { "?", "", false, false },
        { "?", "x", false, true },
        { "a*", "a", false, true },
        { "*a", "ba", false, true },
        { "*a", "ab", false, false },
        { "a*b*c", "aXXbYYc", false, true },
        { "a*b*c", "aXXcYYb", false, false },
        { "a*b", "abab", false, true },
        { "*ab*ab*", "xxabyyab", false, true },
        { "a?c", "abc", false, true },
        { "a?c", "ac", false, false },
        { "**", "x", false, true },
        { "*?", "", false, false },
        { "s3:Get*", "S3:GETOBJECT", true, true },
        { "s3:Get*", "S3:GETOBJECT", false, false },
        { "photos/*.jpg", "photos/2024/cat.jpg", false, true },
        { "photos/*.jpg", "photos/2024/cat.jpeg", false, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void IsMatch_Table_MatchesGlobRules(string pattern, string text, bool ignoreCase, bool matches) =>
        Assert.Equal(matches, GlobPattern.Wild(pattern).IsMatch(text, ignoreCase));

    [Fact]
    public void IsMatch_LiteralPositions_AreNotWildcards()
    {
        var pattern = new GlobPatternBuilder().AppendWild("a*").AppendLiteral("*?").AppendWild("?").Build();

        Assert.True(pattern.IsMatch("abc*?d", ignoreCase: false));
        Assert.False(pattern.IsMatch("abcxyd", ignoreCase: false));
    }

    [Fact]
    public void IsMatch_PathologicalPattern_StaysFast()
    {
        // The shape that sends a backtracking regex exponential: many stars, a text that almost matches.
        var pattern = GlobPattern.Wild(string.Concat(Enumerable.Repeat("a*", 200)) + "b");
        var text = new string('a', 20_000);

        var watch = Stopwatch.StartNew();
        var matches = pattern.IsMatch(text, ignoreCase: false);

        Assert.False(matches);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
