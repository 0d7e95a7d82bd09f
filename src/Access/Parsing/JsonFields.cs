using System.Text.Json;

using Coffer.Access.Policies;

namespace Coffer.Access.Parsing;

/// <summary>Reads a JSON object whose field names are fixed, and the value shapes policies use.</summary>
internal static class JsonFields
{
    /// <summary>
    /// The object's fields by name. Names are case-sensitive, as in AWS; an unknown name or a
    /// repeated one is an error rather than something to guess about.
    /// </summary>
    public static Dictionary<string, JsonElement> Read(JsonElement element, string what, IReadOnlySet<string> known, Func<string, MalformedPolicyException> fail)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw fail($"{char.ToUpperInvariant(what[0])}{what[1..]} must be a JSON object");
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw fail($"Unknown field \"{property.Name}\" in {what}; expected one of {string.Join(", ", known)}");
            }

            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw fail($"Field \"{property.Name}\" appears more than once in {what}");
            }
        }

        return fields;
    }

    public static string? OptionalString(Dictionary<string, JsonElement> fields, string name, Func<string, MalformedPolicyException> fail)
    {
        if (!fields.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw fail($"{name} must be a string");
    }

    /// <summary>A string, or a non-empty array of strings, as Action, Resource and principal lists are written.</summary>
    public static string[] StringList(JsonElement value, string name, Func<string, MalformedPolicyException> fail)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return [value.GetString()!];
            case JsonValueKind.Array when value.GetArrayLength() == 0:
                throw fail($"{name} must not be an empty array");
            case JsonValueKind.Array when value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String):
                return [.. value.EnumerateArray().Select(item => item.GetString()!)];
            default:
                throw fail($"{name} must be a string or an array of strings");
        }
    }

    /// <summary>
    /// The one-of-two elements a statement has, such as Action and NotAction: at most one may be
    /// present. Returns the one present (and whether it is the Not form), or null.
    /// </summary>
    public static (JsonElement Value, bool IsNot)? EitherOf(
        Dictionary<string, JsonElement> fields, string name, Func<string, MalformedPolicyException> fail)
    {
        var notName = "Not" + name;
        var hasPlain = fields.TryGetValue(name, out var plain);
        var hasNot = fields.TryGetValue(notName, out var negated);
        return (hasPlain, hasNot) switch
        {
            (true, true) => throw fail($"A statement cannot have both {name} and {notName}"),
            (true, false) => (plain, false),
            (false, true) => (negated, true),
            _ => null,
        };
    }
}
