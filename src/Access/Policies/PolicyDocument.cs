namespace Coffer.Access.Policies;

/// <summary>A parsed, validated policy. Obtain one from <see cref="PolicyParser"/>.</summary>
public sealed record PolicyDocument(PolicyLanguageVersion Version, string? Id, IReadOnlyList<Statement> Statements);
