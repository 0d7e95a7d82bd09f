using Coffer.Access.Requests;

namespace Coffer.Access.Conditions;

/// <summary>A statement's Condition element: every condition in it must hold (AND).</summary>
public sealed class ConditionBlock(IReadOnlyList<Condition> conditions)
{
    public static ConditionBlock Empty { get; } = new([]);

    public IReadOnlyList<Condition> Conditions { get; } = conditions;

    internal bool IsSatisfied(RequestContext context) => Conditions.All(c => c.IsSatisfied(context));
}
