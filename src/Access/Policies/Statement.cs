using Coffer.Access.Conditions;
using Coffer.Access.Matching;
using Coffer.Access.Principals;

namespace Coffer.Access.Policies;

/// <summary>One statement of a policy.</summary>
/// <param name="Principal">Principal or NotPrincipal; null in identity policies.</param>
/// <param name="Resources">Resource or NotResource; null only where the parse allowed it to be missing.</param>
public sealed record Statement(
    string? Sid,
    Effect Effect,
    PrincipalElement? Principal,
    ActionElement Actions,
    ResourceElement? Resources,
    ConditionBlock Conditions);
