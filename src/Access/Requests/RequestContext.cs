using System.Collections.Frozen;

namespace Coffer.Access.Requests;

/// <summary>
/// The condition keys of one request and their values. Keys are case-insensitive, as in AWS; a key
/// with no values is the same as an absent key. Immutable: build one with <see cref="CreateBuilder"/>.
/// </summary>
public sealed class RequestContext
{
    private readonly FrozenDictionary<string, string[]> _values;

    internal RequestContext(IEnumerable<KeyValuePair<string, List<string>>> values) =>
        _values = values
            .Where(pair => pair.Value.Count > 0)
            .ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase);

    public static RequestContext Empty { get; } = new([]);

    public IEnumerable<string> Keys => _values.Keys;

    public static RequestContextBuilder CreateBuilder() => new();

    /// <summary>The key's values, or null when the request does not carry the key.</summary>
    public IReadOnlyList<string>? GetValues(string key) => _values.GetValueOrDefault(key);

    /// <summary>
    /// The key's value when it has exactly one. A policy variable needs this: AWS does not
    /// substitute a multi-valued key.
    /// </summary>
    public string? GetSingleValue(string key) =>
        _values.TryGetValue(key, out var values) && values.Length == 1 ? values[0] : null;

    public RequestContextBuilder ToBuilder()
    {
        var builder = new RequestContextBuilder();
        foreach (var (key, values) in _values)
        {
            builder.Set(key, values);
        }

        return builder;
    }
}
