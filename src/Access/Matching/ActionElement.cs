namespace Coffer.Access.Matching;

/// <summary>A statement's Action or NotAction list.</summary>
public sealed class ActionElement(IReadOnlyList<ActionPattern> patterns, bool isNotAction)
{
    public IReadOnlyList<ActionPattern> Patterns { get; } = patterns;

    /// <summary>True for NotAction: the statement covers every action the list does not match.</summary>
    public bool IsNotAction { get; } = isNotAction;

    public bool Covers(string action) => Patterns.Any(p => p.Matches(action)) != IsNotAction;
}
