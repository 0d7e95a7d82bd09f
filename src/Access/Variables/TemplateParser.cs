namespace Coffer.Access.Variables;

/// <summary>Splits a 2012-10-17 policy string into text, escapes and <c>${...}</c> variables.</summary>
internal static class TemplateParser
{
    private const string Open = "${";

    public static TemplatePart[] Parse(string source)
    {
        var parts = new List<TemplatePart>();
        var position = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf(Open, position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : source.IndexOf('}', open + Open.Length);
            if (close < 0)
            {
                // An unterminated "${" is no variable; AWS keeps such text as written.
                parts.Add(new TemplatePart.Text(source[position..]));
                break;
            }

            if (open > position)
            {
                parts.Add(new TemplatePart.Text(source[position..open]));
            }

            parts.Add(ParseBody(source[(open + Open.Length)..close]));
            position = close + 1;
        }

        return [.. parts];
    }

    private static TemplatePart ParseBody(string body) => body switch
    {
        "*" or "?" or "$" => new TemplatePart.Escaped(body),
        _ => ParseVariable(body),
    };

    /// <summary><c>key</c> or <c>key, 'default'</c>, where <c>''</c> inside the quotes is one quote.</summary>
    private static TemplatePart.Variable ParseVariable(string body)
    {
        var comma = body.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return new TemplatePart.Variable(body.Trim(), null);
        }

        var key = body[..comma].Trim();
        var quoted = body[(comma + 1)..].Trim();
        if (quoted.Length < 2 || quoted[0] != '\'' || quoted[^1] != '\'')
        {
            // A malformed default makes the variable unresolvable, as an unknown key would: no
            // context key holds a comma, so the whole body never matches one.
            return new TemplatePart.Variable(body, null);
        }

        return new TemplatePart.Variable(key, quoted[1..^1].Replace("''", "'", StringComparison.Ordinal));
    }
}
