using Coffer.S3.Http;
using Coffer.TestKit;

using FsCheck;
using FsCheck.Fluent;

using Xunit.Abstractions;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// Range headers against the window arithmetic of RFC 9110 §14.1.2 as S3 applies it, for sizes and
/// positions up to <see cref="long.MaxValue"/>, and arbitrary text that must never throw.
/// </summary>
[Trait("Category", "Fuzz")]
public class RangeHeaderFuzzTests(ITestOutputHelper output)
{
    private enum Form
    {
        Closed,
        Open,
        Suffix,
    }

    [Fact]
    public void Parse_OfGeneratedRanges_GivesTheWindowTheArithmeticGives()
    {
        var cases =
            from form in Gen.Elements(Form.Closed, Form.Open, Form.Suffix)
            from size in FuzzInputs.Count
            from first in Gen.OneOf(FuzzInputs.Count, Near(size))
            from last in Gen.OneOf(FuzzInputs.Count, Near(size), Near(first))
            from spelling in Gen.Elements("bytes={0}", "Bytes={0}", " bytes= {0} ", "BYTES={0}")
            select new RangeCase(form, size, first, last, spelling);

        FuzzBudget.Run("range-window", Arb.From(cases), Check, output.WriteLine);

        static void Check(RangeCase c)
        {
            var result = RangeHeader.Parse(c.Header, c.Size, out var range);

            Assert.Equal(c.Expected(), (result, result == RangeParse.Satisfiable ? range : default));
        }
    }

    [Fact]
    public void Parse_OfArbitraryText_NeverThrowsAndStaysInsideTheObject()
    {
        var headers = Gen.OneOf(
            FuzzInputs.AwkwardText.Select(text => "bytes=" + text),
            FuzzInputs.Mutated("bytes=0-99"u8.ToArray()).Select(System.Text.Encoding.Latin1.GetString),
            FuzzInputs.AwkwardText);
        var cases = Gen.Zip(headers, FuzzInputs.Count);

        var shrinking = Arb.From(cases, c => FuzzInputs.ShrinkText(c.Item1).Select(header => (header, c.Item2)));

        FuzzBudget.Run("range-garbage", shrinking, Check, output.WriteLine);

        static void Check((string Header, long Size) c)
        {
            if (RangeHeader.Parse(c.Header, c.Size, out var range) == RangeParse.Satisfiable)
            {
                Assert.InRange(range.Offset, 0, c.Size - 1);
                Assert.InRange(range.Length, 1, c.Size - range.Offset);
            }
        }
    }

    /// <summary>Values at and next to <paramref name="value"/>, where off-by-one mistakes live.</summary>
    private static Gen<long> Near(long value) =>
        Gen.Choose(-2, 2).Select(delta => Math.Clamp(value + delta, 0, long.MaxValue));

    private sealed record RangeCase(Form Form, long Size, long First, long Last, string Spelling)
    {
        public string Header => string.Format(System.Globalization.CultureInfo.InvariantCulture, Spelling, Form switch
        {
            Form.Closed => $"{First}-{Last}",
            Form.Open => $"{First}-",
            _ => $"-{Last}",
        });

        /// <summary>The oracle: the same rules, written as plainly as possible.</summary>
        public (RangeParse, ByteRange) Expected()
        {
            switch (Form)
            {
                case Form.Suffix when Last == 0 || Size == 0:
                    return (RangeParse.Unsatisfiable, default);
                case Form.Suffix:
                    var length = Math.Min(Last, Size);
                    return (RangeParse.Satisfiable, new ByteRange(Size - length, length));
                case Form.Closed when Last < First:
                    return (RangeParse.WholeObject, default);
                default:
                    if (First >= Size)
                    {
                        return (RangeParse.Unsatisfiable, default);
                    }

                    var end = Form == Form.Open ? Size - 1 : Math.Min(Last, Size - 1);
                    return (RangeParse.Satisfiable, new ByteRange(First, end - First + 1));
            }
        }
    }
}
