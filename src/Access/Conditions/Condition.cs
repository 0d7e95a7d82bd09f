using Coffer.Access.Conditions.Operators;
using Coffer.Access.Requests;

namespace Coffer.Access.Conditions;

/// <summary>One operator applied to one condition key, with the policy's values for it.</summary>
public sealed class Condition
{
    private readonly ConditionOperator _operator;
    private readonly ValueMatcher _matcher;

    internal Condition(ConditionOperator op, string key, IReadOnlyList<string> values, ValueMatcher matcher)
    {
        _operator = op;
        Key = key;
        Values = values;
        _matcher = matcher;
    }

    /// <summary>The operator as written, for example <c>ForAnyValue:StringLikeIfExists</c>.</summary>
    public string Operator => _operator.Name;

    public string BaseOperator => _operator.Base.Name;

    public SetQualifier Qualifier => _operator.Qualifier;

    public bool IfExists => _operator.IfExists;

    public string Key { get; }

    /// <summary>The policy's values as written (JSON numbers and booleans as their text).</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// Several policy values are OR-ed. A negated operator (<c>StringNotEquals</c>, ...) is the
    /// negation of its positive twin, so its values behave as an AND ("none of these") and a
    /// missing key satisfies it, as AWS documents. <c>...IfExists</c> is satisfied by a missing key;
    /// <c>ForAllValues</c> too, <c>ForAnyValue</c> never.
    /// </summary>
    internal bool IsSatisfied(RequestContext context)
    {
        var requestValues = context.GetValues(Key);
        if (_matcher.DecideByPresence(keyPresent: requestValues is not null) is { } decided)
        {
            return decided;
        }

        var negated = _operator.Base.Negated;
        if (requestValues is null)
        {
            return _operator.IfExists || _operator.Qualifier switch
            {
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                _ => negated,
            };
        }

        return _operator.Qualifier switch
        {
            SetQualifier.ForAllValues => requestValues.All(v => _matcher.Matches(v, context) != negated),
            SetQualifier.ForAnyValue => requestValues.Any(v => _matcher.Matches(v, context) != negated),
            _ => requestValues.Any(v => _matcher.Matches(v, context)) != negated,
        };
    }

    public override string ToString() => $"{Operator} {Key} [{string.Join(", ", Values)}]";
}
