namespace Coffer.Access.Matching;

/// <summary>An Action entry such as <c>s3:Get*</c>, <c>s3:*</c> or <c>*</c>.</summary>
public sealed class ActionPattern
{
    private readonly GlobPattern _pattern;

    internal ActionPattern(string text)
    {
        Text = text;
        _pattern = GlobPattern.Wild(text);
    }

    public string Text { get; }

    /// <summary>The part before the colon (<c>s3</c>), or null for <c>*</c>.</summary>
    public string? Vendor => Text.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? Text[..colon] : null;

    /// <summary>Action names are case-insensitive in AWS: <c>s3:getobject</c> is <c>s3:GetObject</c>.</summary>
    public bool Matches(string action) => _pattern.IsMatch(action, ignoreCase: true);

    public override string ToString() => Text;
}
