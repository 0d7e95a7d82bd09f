using Coffer.Access.Conditions.Operators;

namespace Coffer.Access.Conditions;

/// <summary>
/// A parsed operator name: <c>[ForAnyValue:|ForAllValues:]Base[IfExists]</c>. Names are matched
/// case-insensitively.
/// </summary>
internal sealed record ConditionOperator(
    string Name,
    SetQualifier Qualifier,
    bool IfExists,
    OperatorCatalog.Entry Base)
{
    private const string IfExistsSuffix = "IfExists";

    public static ConditionOperator? TryParse(string name)
    {
        var (qualifier, rest) = SplitQualifier(name);
        var ifExists = rest.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase);
        var baseName = ifExists ? rest[..^IfExistsSuffix.Length] : rest;
        if (OperatorCatalog.Find(baseName) is not { } entry || (ifExists && !entry.AllowsIfExists))
        {
            return null;
        }

        return new ConditionOperator(name, qualifier, ifExists, entry);
    }

    private static (SetQualifier Qualifier, string Remainder) SplitQualifier(string name)
    {
        foreach (var qualifier in (ReadOnlySpan<SetQualifier>)[SetQualifier.ForAnyValue, SetQualifier.ForAllValues])
        {
            var prefix = qualifier + ":";
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return (qualifier, name[prefix.Length..]);
            }
        }

        return (SetQualifier.None, name);
    }
}
