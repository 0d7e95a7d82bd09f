using Coffer.Access.Requests;

namespace Coffer.Access.Matching;

/// <summary>A statement's Resource or NotResource list.</summary>
public sealed class ResourceElement(IReadOnlyList<ResourcePattern> patterns, bool isNotResource)
{
    public IReadOnlyList<ResourcePattern> Patterns { get; } = patterns;

    /// <summary>True for NotResource: the statement covers every resource the list does not match.</summary>
    public bool IsNotResource { get; } = isNotResource;

    internal bool Covers(string resource, RequestContext context)
    {
        var anyMatch = false;
        foreach (var pattern in Patterns)
        {
            switch (pattern.Matches(resource, context))
            {
                case true:
                    anyMatch = true;
                    break;
                case null when IsNotResource:
                    // AWS: a variable it cannot resolve can make the whole statement invalid. For
                    // NotResource, treating the entry as "matches nothing" would widen the
                    // statement to every resource, so the statement does not apply instead.
                    return false;
            }
        }

        return anyMatch != IsNotResource;
    }
}
