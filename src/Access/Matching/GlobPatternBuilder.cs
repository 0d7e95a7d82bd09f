using System.Text;

namespace Coffer.Access.Matching;

/// <summary>Assembles a <see cref="GlobPattern"/> from pieces that are either wild or literal.</summary>
internal sealed class GlobPatternBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<bool> _literal = [];
    private bool _anyLiteral;

    public GlobPatternBuilder AppendWild(string text)
    {
        _text.Append(text);
        for (var i = 0; i < text.Length; i++)
        {
            _literal.Add(false);
        }

        return this;
    }

    public GlobPatternBuilder AppendLiteral(string text)
    {
        _text.Append(text);
        for (var i = 0; i < text.Length; i++)
        {
            _literal.Add(true);
        }

        _anyLiteral |= text.Length > 0;
        return this;
    }

    public GlobPattern Build() => GlobPattern.Create(_text.ToString(), _anyLiteral ? [.. _literal] : null);
}
