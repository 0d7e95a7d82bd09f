namespace Coffer.Access.Variables;

/// <summary>One piece of a policy string: plain text (its <c>*</c> and <c>?</c> stay wildcards), a
/// character written as an escape, or a variable to look up in the request context.</summary>
internal abstract record TemplatePart
{
    /// <summary>Text copied as written, where <c>*</c> and <c>?</c> are wildcards.</summary>
    public sealed record Text(string Value) : TemplatePart;

    /// <summary><c>${*}</c>, <c>${?}</c> or <c>${$}</c>: the character itself, never a wildcard.</summary>
    public sealed record Escaped(string Value) : TemplatePart;

    /// <summary><c>${key}</c> or <c>${key, 'default'}</c>.</summary>
    public sealed record Variable(string Key, string? Default) : TemplatePart;
}
