namespace Coffer.Access.Matching;

/// <summary>
/// A pattern in which <c>*</c> matches any run of characters and <c>?</c> exactly one, except at
/// positions marked literal: those came from the escapes <c>${*}</c> and <c>${?}</c> or from a
/// substituted policy variable, and must match themselves.
/// </summary>
internal sealed class GlobPattern
{
    // Null when no position is literal, which is nearly always: most patterns carry no escapes.
    private readonly bool[]? _literal;

    private GlobPattern(string text, bool[]? literal)
    {
        Text = text;
        _literal = literal;
    }

    /// <summary>The pattern's characters, escapes already replaced by the characters they stand for.</summary>
    public string Text { get; }

    /// <summary>A pattern where every <c>*</c> and <c>?</c> is a wildcard.</summary>
    public static GlobPattern Wild(string text) => new(text, null);

    internal static GlobPattern Create(string text, bool[]? literal) => new(text, literal);

    public GlobPattern Slice(int start, int length) =>
        new(Text.Substring(start, length), _literal?[start..(start + length)]);

    /// <summary>
    /// Two pointers with a single backtrack point at the last <c>*</c>: when a later <c>*</c> is
    /// reached, the earlier one never needs to absorb more text, so remembering one position is
    /// enough. That bounds the work by pattern length × text length, with no recursion and no
    /// regular expression built from a user's policy (which would need escaping and invite
    /// catastrophic backtracking).
    /// </summary>
    public bool IsMatch(ReadOnlySpan<char> text, bool ignoreCase)
    {
        var p = 0;
        var t = 0;
        var starAt = -1;
        var starText = 0;
        while (t < text.Length)
        {
            if (p < Text.Length && IsStar(p))
            {
                starAt = p++;
                starText = t;
            }
            else if (p < Text.Length && (IsQuestion(p) || SameChar(Text[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (starAt >= 0)
            {
                // Let the last star swallow one more character and retry from just after it.
                p = starAt + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < Text.Length && IsStar(p))
        {
            p++;
        }

        return p == Text.Length;
    }

    public override string ToString() => Text;

    private bool IsStar(int i) => Text[i] == '*' && (_literal is null || !_literal[i]);

    private bool IsQuestion(int i) => Text[i] == '?' && (_literal is null || !_literal[i]);

    private static bool SameChar(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
