using Coffer.Access.Matching;
using Coffer.Access.Requests;
using Coffer.Access.Variables;

namespace Coffer.Access.Conditions.Operators;

internal enum TextComparison
{
    /// <summary>StringEquals: exact and case-sensitive; <c>*</c> is an ordinary character.</summary>
    Exact,

    /// <summary>StringEqualsIgnoreCase.</summary>
    IgnoreCase,

    /// <summary>StringLike: case-sensitive with <c>*</c> and <c>?</c> wildcards.</summary>
    Like,

    /// <summary>ArnEquals and ArnLike, which AWS treats alike: wildcards within each ARN component.</summary>
    Arn,
}

/// <summary>The String and Arn families: the only ones where AWS substitutes policy variables.</summary>
internal sealed class TextMatcher(ValueTemplate[] values, TextComparison comparison) : ValueMatcher
{
    public static ValueMatcher Create(ConditionSite site, IReadOnlyList<string> values, TextComparison comparison) =>
        new TextMatcher([.. values.Select(v => ValueTemplate.Parse(v, site.Version))], comparison);

    public override bool Matches(string requestValue, RequestContext context)
    {
        foreach (var value in values)
        {
            // A value whose variable has no value in this request matches nothing.
            if (value.Resolve(context) is { } pattern && IsMatch(pattern, requestValue))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsMatch(GlobPattern pattern, string requestValue) => comparison switch
    {
        TextComparison.Exact => string.Equals(pattern.Text, requestValue, StringComparison.Ordinal),
        TextComparison.IgnoreCase => string.Equals(pattern.Text, requestValue, StringComparison.OrdinalIgnoreCase),
        TextComparison.Like => pattern.IsMatch(requestValue, ignoreCase: false),
        _ => ArnPattern.IsMatch(pattern, requestValue),
    };
}
