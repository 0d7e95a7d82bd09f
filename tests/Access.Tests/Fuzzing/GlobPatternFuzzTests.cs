using Coffer.Access.Matching;
using Coffer.TestKit;

using FsCheck.Fluent;

using Xunit.Abstractions;

namespace Coffer.Access.Tests.Fuzzing;

/// <summary>
/// The policy wildcard matcher (Action, Resource, StringLike, ArnLike) against the textbook
/// recursive definition, on patterns and texts drawn from a small alphabet so that stars, question
/// marks and near-misses meet often.
/// </summary>
[Trait("Category", "Fuzz")]
public class GlobPatternFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void IsMatch_OfGeneratedPatterns_AgreesWithTheDefinition()
    {
        var pieces = Gen.Elements("a", "b", "A", "*", "?", "ab", "**", ":", "/");
        var text = Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "b", "A", "B", ":", "/", "*", "?"), n)).Select(string.Concat);
        var cases =
            from pattern in Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(pieces, n)).Select(string.Concat)
            from subject in Gen.OneOf(text, Gen.Constant(pattern.Replace("*", "", StringComparison.Ordinal).Replace('?', 'b')))
            from ignoreCase in Gen.Elements(false, true)
            select (pattern, subject, ignoreCase);

        FuzzBudget.Run("glob-match", Arb.From(cases), Check, output.WriteLine);

        static void Check((string Pattern, string Text, bool IgnoreCase) c)
        {
            Assert.Equal(Matches(c.Pattern, c.Text, c.IgnoreCase), GlobPattern.Wild(c.Pattern).IsMatch(c.Text, c.IgnoreCase));
        }
    }

    /// <summary>'*' is any run (possibly empty), '?' any one character, anything else itself.</summary>
    private static bool Matches(string pattern, string text, bool ignoreCase)
    {
        if (pattern.Length == 0)
        {
            return text.Length == 0;
        }

        return pattern[0] switch
        {
            '*' => Matches(pattern[1..], text, ignoreCase) || (text.Length > 0 && Matches(pattern, text[1..], ignoreCase)),
            '?' => text.Length > 0 && Matches(pattern[1..], text[1..], ignoreCase),
            _ => text.Length > 0
                && string.Equals(pattern[..1], text[..1], ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                && Matches(pattern[1..], text[1..], ignoreCase),
        };
    }
}
