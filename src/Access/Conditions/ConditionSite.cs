using Coffer.Access.Policies;

namespace Coffer.Access.Conditions;

/// <summary>Where a condition's values were written: what a value parser needs to know and to
/// say when a value is wrong.</summary>
internal sealed record ConditionSite(
    string Operator,
    string Key,
    PolicyLanguageVersion Version,
    Func<string, MalformedPolicyException> Fail)
{
    public MalformedPolicyException InvalidValue(string type, string value) =>
        Fail($"Invalid {type} value \"{value}\" in {Operator} on {Key}");
}
