using Microsoft.Extensions.Primitives;

namespace Coffer.S3.Cors;

/// <summary>Reads a preflight's Access-Control-Request-Headers: a comma-separated list of header names.</summary>
public static class CorsRequestHeaders
{
    /// <summary>
    /// The names, trimmed and in lower case (S3 echoes them that way in
    /// Access-Control-Allow-Headers); empty entries, as in "a, ,b" or a blank header, are dropped.
    /// </summary>
    public static IReadOnlyList<string> Parse(StringValues values)
    {
        List<string> names = [];
        foreach (var value in values)
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(name.ToLowerInvariant());
            }
        }

        return names;
    }
}
