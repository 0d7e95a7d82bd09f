using System.Text.Json;

using Coffer.Access.Conditions;
using Coffer.Access.Policies;

namespace Coffer.Access.Parsing;

/// <summary>Reads a Condition element: <c>{ operator: { key: value | [values] } }</c>.</summary>
internal static class ConditionReader
{
    public static ConditionBlock Read(JsonElement value, PolicyLanguageVersion version, Func<string, MalformedPolicyException> fail)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw fail("Condition must be an object that maps operators to keys and values");
        }

        var conditions = new List<Condition>();
        foreach (var byOperator in value.EnumerateObject())
        {
            var op = ConditionOperator.TryParse(byOperator.Name)
                ?? throw fail($"Unknown condition operator \"{byOperator.Name}\"");
            if (byOperator.Value.ValueKind != JsonValueKind.Object)
            {
                throw fail($"Condition operator {byOperator.Name} must map condition keys to values");
            }

            foreach (var byKey in byOperator.Value.EnumerateObject())
            {
                var key = byKey.Name;
                if (!VendorPrefix.IsPresent(key))
                {
                    throw fail($"Condition key \"{key}\" must be prefaced by a vendor, as in \"aws:SourceIp\" or \"s3:prefix\"");
                }

                var values = ReadValues(byKey.Value, op.Name, key, fail);
                var site = new ConditionSite(op.Name, key, version, fail);
                conditions.Add(new Condition(op, key, values, op.Base.Build(site, values)));
            }
        }

        return new ConditionBlock(conditions);
    }

    /// <summary>Strings, numbers and booleans, alone or in an array; numbers and booleans keep their JSON text.</summary>
    private static string[] ReadValues(JsonElement value, string op, string key, Func<string, MalformedPolicyException> fail)
    {
        var items = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value };
        return [.. items.Select(item => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => item.GetRawText(),
            _ => throw fail($"Values of {op} on {key} must be strings, numbers or booleans, alone or in an array"),
        })];
    }
}
