namespace Coffer.Access.Conditions.Operators;

/// <summary>The relation a Numeric or Date operator asks for between the request and policy values.</summary>
internal enum Comparison
{
    Equal,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

internal static class ComparisonExtensions
{
    /// <param name="order">The sign of request value compared to policy value.</param>
    public static bool Holds(this Comparison comparison, int order) => comparison switch
    {
        Comparison.Equal => order == 0,
        Comparison.LessThan => order < 0,
        Comparison.LessThanEquals => order <= 0,
        Comparison.GreaterThan => order > 0,
        _ => order >= 0,
    };
}
