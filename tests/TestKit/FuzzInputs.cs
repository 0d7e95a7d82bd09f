using System.Text;

using FsCheck;
using FsCheck.Fluent;

namespace Coffer.TestKit;

/// <summary>
/// Generators shared by the fuzz targets: awkward text, lengths near the edges of their types, and
/// mutations of a valid input (the inputs that get furthest into a parser before going wrong).
/// </summary>
public static class FuzzInputs
{
    /// <summary>Bytes that mean something to one parser or another: delimiters, escapes, line ends, UTF-8 lead bytes.</summary>
    private static readonly byte[] Significant =
        "<>&\"'/=;:,%+-?#{}[]\\\r\n\t 0179afAFxX*$."u8.ToArray().Concat(new byte[] { 0x00, 0x7F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF }).ToArray();

    private static readonly string[] AwkwardPieces =
    [
        "/", "//", "../", "./", "%", "%2F", "%2f", "%25", "%E2%82", "%zz", "+", " ", "  ", "=", "&", "?", "#", ";", ",", ":",
        "@", "~", "*", "$", "!", "'", "(", ")", "[", "]", "\\", "\"", "<", ">", "{", "}", "^", "`", "|", "\t", "\u0001",
        "\u007f", "é", "ü", "ß", "文件", "😀", "\u200b", "\ufeff", "\ufffd", "\ud800", "\udc00",
    ];

    /// <summary>A length or offset: mostly small, often at the edges of <see cref="long"/>.</summary>
    public static Gen<long> Count { get; } = Gen.Frequency(
        (6, Gen.Choose(0, 100).Select(i => (long)i)),
        (2, Gen.Choose(0, int.MaxValue).Select(i => (long)i)),
        (2, Gen.Two(Gen.Choose(0, int.MaxValue)).Select(p => ((long)p.Item1 << 31) | (uint)p.Item2)),
        (1, Gen.Elements(long.MaxValue, long.MaxValue - 1, (long)int.MaxValue + 1, 1L << 53, 5L << 30)));

    /// <summary>Text mixing plain letters with the characters that break naive encoders and parsers, lone surrogates included.</summary>
    public static Gen<string> AwkwardText { get; } = Gen.Sized(size =>
        Gen.Choose(0, Math.Max(1, size / 3)).SelectMany(count => Gen.ArrayOf(
            Gen.Frequency(
                (4, Gen.Elements("a", "b", "Z", "0", "9", "-", "_", ".", "key", "dir/")),
                (3, Gen.Elements(AwkwardPieces)),
                (1, Gen.Choose(0x20, 0x2FFF).Select(c => ((char)c).ToString()))),
            count))
        .Select(parts => string.Concat(parts)));

    /// <summary><see cref="AwkwardText"/> without lone surrogates: text that has a UTF-8 form.</summary>
    public static Gen<string> WellFormedText { get; } = AwkwardText.Select(RemoveLoneSurrogates);

    /// <summary>Any bytes, with parser-significant ones over-represented.</summary>
    public static Gen<byte[]> Bytes { get; } = Gen.Sized(size =>
        Gen.Choose(0, size * 2).SelectMany(count =>
            Gen.ArrayOf(Gen.Frequency((1, Gen.Choose(0, 255).Select(b => (byte)b)), (1, Gen.Elements(Significant))), count)));

    /// <summary>
    /// <paramref name="valid"/> after one to four edits: a bit flipped, a significant byte written,
    /// a span deleted or repeated, random bytes inserted, or the end cut off.
    /// </summary>
    public static Gen<byte[]> Mutated(byte[] valid) =>
        Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(Edit, count)).Select(edits =>
        {
            var bytes = new List<byte>(valid);
            foreach (var edit in edits)
            {
                edit(bytes);
            }

            return bytes.ToArray();
        });

    /// <summary>Candidates for shrinking a byte array: shorter arrays first, then single bytes removed.</summary>
    public static IEnumerable<byte[]> ShrinkBytes(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            yield break;
        }

        yield return bytes[..(bytes.Length / 2)];
        yield return bytes[(bytes.Length / 2)..];
        for (var i = 0; i < bytes.Length && i < 64; i++)
        {
            yield return [.. bytes[..i], .. bytes[(i + 1)..]];
        }
    }

    /// <summary>Candidates for shrinking text: halves, then single characters removed.</summary>
    public static IEnumerable<string> ShrinkText(string text)
    {
        if (text.Length == 0)
        {
            yield break;
        }

        yield return text[..(text.Length / 2)];
        yield return text[(text.Length / 2)..];
        for (var i = 0; i < text.Length && i < 64; i++)
        {
            yield return text.Remove(i, 1);
        }
    }

    /// <summary>An arbitrary of byte arrays from <paramref name="gen"/> that shrinks as <see cref="ShrinkBytes"/> does.</summary>
    public static Arbitrary<byte[]> Shrinking(this Gen<byte[]> gen) => Arb.From(gen, ShrinkBytes);

    /// <summary>An arbitrary of text from <paramref name="gen"/> that shrinks as <see cref="ShrinkText"/> does.</summary>
    public static Arbitrary<string> Shrinking(this Gen<string> gen) => Arb.From(gen, ShrinkText);

    private static Gen<Action<List<byte>>> Edit { get; } = Gen.Frequency<Action<List<byte>>>(
        (3, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 7), (at, bit) => (Action<List<byte>>)(b => Apply(b, at, i => b[i] ^= (byte)(1 << bit))))),
        (3, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Elements(Significant), (at, value) => (Action<List<byte>>)(b => Apply(b, at, i => b[i] = value)))),
        (2, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(1, 16), (at, length) => (Action<List<byte>>)(b => Apply(b, at, i => b.RemoveRange(i, Math.Min(length, b.Count - i)))))),
        (1, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(1, 64), (at, length) => (Action<List<byte>>)(b => Apply(b, at, i => b.InsertRange(i, b.GetRange(i, Math.Min(length, b.Count - i))))))),
        (1, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.ArrayOf(Gen.Elements(Significant), 8), (at, inserted) => (Action<List<byte>>)(b => b.InsertRange(b.Count == 0 ? 0 : at % (b.Count + 1), inserted)))),
        (1, Gen.Choose(0, int.MaxValue).Select(at => (Action<List<byte>>)(b => Apply(b, at, i => b.RemoveRange(i, b.Count - i))))));

    private static void Apply(List<byte> bytes, int at, Action<int> edit)
    {
        if (bytes.Count > 0)
        {
            edit(at % bytes.Count);
        }
    }

    private static string RemoveLoneSurrogates(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else if (!char.IsSurrogate(text[i]))
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
