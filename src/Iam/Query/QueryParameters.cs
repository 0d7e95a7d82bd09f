using System.Globalization;

namespace Coffer.Iam.Query;

/// <summary>
/// The decoded parameters of one Query-protocol request, read by name. Lists arrive flattened as
/// <c>Name.member.1</c>, <c>Name.member.2</c>…; structures in a list as <c>Name.member.1.Field</c>.
/// Parameter names are case-sensitive, as AWS's are.
/// </summary>
public sealed class QueryParameters(IReadOnlyDictionary<string, string> values)
{
    /// <summary>The operation's name, or null when the request names none.</summary>
    public string? Action => Optional("Action");

    /// <summary>The value, or null when absent. An empty value counts as absent, as AWS treats it.</summary>
    public string? Optional(string name) => values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <exception cref="QueryException">MissingParameter when absent or empty.</exception>
    public string Required(string name) => Optional(name) ?? throw QueryException.MissingParameter(name);

    /// <exception cref="QueryException">ValidationError when present but not a whole number.</exception>
    public int? OptionalInt(string name) =>
        Optional(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
        : throw QueryException.ValidationError($"1 validation error detected: Value '{text}' at '{CamelCase(name)}' failed to satisfy constraint: Member must be a number");

    /// <exception cref="QueryException">ValidationError when present but neither "true" nor "false".</exception>
    public bool? OptionalBool(string name) =>
        Optional(name) switch
        {
            null => null,
            var text when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
            var text when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
            var text => throw QueryException.ValidationError(
                $"1 validation error detected: Value '{text}' at '{CamelCase(name)}' failed to satisfy constraint: Member must be a boolean"),
        };

    /// <summary>The values of <c>Name.member.N</c>, in the order of N; empty when there are none.</summary>
    public IReadOnlyList<string> MemberList(string name) =>
        [.. Members(name).Where(m => m.Field.Length == 0).OrderBy(m => m.Index).Select(m => m.Value)];

    /// <summary>The structures <c>Name.member.N.Field</c>, one dictionary of fields each, in the order of N.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> MemberStructures(string name) =>
        [.. Members(name)
            .Where(m => m.Field.Length > 0)
            .GroupBy(m => m.Index)
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyDictionary<string, string>)g.ToDictionary(m => m.Field, m => m.Value, StringComparer.Ordinal))];

    private IEnumerable<(int Index, string Field, string Value)> Members(string name)
    {
        var prefix = name + ".member.";
        foreach (var (key, value) in values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            var indexText = dot < 0 ? rest : rest[..dot];
            if (int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1)
            {
                yield return (index, dot < 0 ? "" : rest[(dot + 1)..].ToString(), value);
            }
        }
    }

    // AWS's validation messages name members as the model does: MaxItems is 'maxItems'.
    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
