using System.Globalization;
using System.Text;

using FsCheck;
using FsCheck.Fluent;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// The ways a client may put text on the wire: each character as it is, or its UTF-8 bytes escaped
/// in upper- or lower-case hex. Clients disagree on what they escape, so the server must read all of them.
/// </summary>
internal static class ClientSpelling
{
    /// <summary>One choice per character: 0–3 as it is, 4 escaped in upper-case hex, 5 in lower-case.</summary>
    public static Gen<int[]> Choices(int length) => Gen.ArrayOf(Gen.Choose(0, 5), length);

    /// <summary><paramref name="text"/> spelled by <paramref name="choices"/>; characters <paramref name="mustEscape"/> accepts are always escaped.</summary>
    public static string Spell(string text, int[] choices, Func<char, bool> mustEscape)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var length = char.IsSurrogatePair(text, i) ? 2 : 1;
            var character = text.Substring(i, length);
            if (choices[i] < 4 && !mustEscape(text[i]))
            {
                builder.Append(character);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(character))
                {
                    builder.Append('%').Append(b.ToString(choices[i] == 5 ? "x2" : "X2", CultureInfo.InvariantCulture));
                }
            }

            i += length - 1;
        }

        return builder.ToString();
    }
}
