using System.Text;

using Coffer.S3.Http;

namespace Coffer.S3.Auth;

/// <summary>
/// The query string as a list of parameters in the order sent, each kept raw (for signing) and decoded
/// (for reading). Parsed once per request; lists are short, so lookups scan.
/// </summary>
internal sealed class QueryParameters
{
    private readonly List<Parameter> _parameters;

    private QueryParameters(List<Parameter> parameters) => _parameters = parameters;

    public IReadOnlyList<Parameter> All => _parameters;

    public static QueryParameters Parse(string rawQuery)
    {
        var parameters = new List<Parameter>();
        var rest = rawQuery.AsSpan();
        while (!rest.IsEmpty)
        {
            var amp = rest.IndexOf('&');
            var pair = amp < 0 ? rest : rest[..amp];
            rest = amp < 0 ? [] : rest[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
            parameters.Add(new Parameter(rawName.ToString(), rawValue.ToString(), equals >= 0, UriEncoding.Decode(rawName)));
        }

        return new QueryParameters(parameters);
    }

    public bool Contains(string name)
    {
        return IndexOf(name) >= 0;
    }

    /// <summary>The decoded value of the first parameter with this (case-sensitive) name; "" when it has no '='.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : UriEncoding.Decode(_parameters[index].RawValue);
    }

    /// <summary>
    /// SigV4's canonical query string: names and values UriEncoded from their decoded form, sorted by
    /// name then value, a parameter without '=' given an empty value. <paramref name="excluded"/> leaves
    /// out the signature of a presigned URL, which cannot sign itself.
    /// </summary>
    public string ToCanonical(string? excluded)
    {
        if (_parameters.Count == 0)
        {
            return string.Empty;
        }

        var encoded = new List<(string Name, string Value)>(_parameters.Count);
        foreach (var parameter in _parameters)
        {
            if (excluded is not null && parameter.Name == excluded)
            {
                continue;
            }

            encoded.Add((UriEncoding.CanonicalQueryComponent(parameter.RawName), UriEncoding.CanonicalQueryComponent(parameter.RawValue)));
        }

        // Encoded text is ASCII, so ordinal order is the byte order SigV4 asks for.
        encoded.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var builder = new StringBuilder();
        foreach (var (name, value) in encoded)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(value);
        }

        return builder.ToString();
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            if (_parameters[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <param name="RawName">The name as sent.</param>
    /// <param name="RawValue">The value as sent; "" when absent.</param>
    /// <param name="HasEquals">Whether the client wrote '=' (SigV2 keeps "acl" and "acl=" apart).</param>
    /// <param name="Name">The decoded name.</param>
    internal readonly record struct Parameter(string RawName, string RawValue, bool HasEquals, string Name);
}
