using Coffer.Access.Matching;
using Coffer.Access.Policies;
using Coffer.Access.Requests;

namespace Coffer.Access.Variables;

/// <summary>
/// A Resource or condition value with its policy variables parsed once, at policy load, and
/// resolved per request.
/// </summary>
/// <remarks>
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html. Only
/// Version 2012-10-17 substitutes; under 2008-10-17 (or no Version) <c>${aws:username}</c> is
/// literal text, as in AWS.
/// </remarks>
internal sealed class ValueTemplate
{
    private readonly TemplatePart[] _parts;

    // Templates without variables resolve to the same pattern for every request.
    private readonly GlobPattern? _constant;

    private ValueTemplate(string source, TemplatePart[] parts)
    {
        Source = source;
        _parts = parts;
        if (!parts.OfType<TemplatePart.Variable>().Any())
        {
            _constant = Assemble(parts, RequestContext.Empty);
        }
    }

    /// <summary>The value as the policy wrote it.</summary>
    public string Source { get; }

    public static ValueTemplate Parse(string source, PolicyLanguageVersion version) =>
        version == PolicyLanguageVersion.Version20121017
            ? new ValueTemplate(source, TemplateParser.Parse(source))
            : new ValueTemplate(source, [new TemplatePart.Text(source)]);

    /// <summary>
    /// The pattern for this request, or null when a variable has no single value in the context
    /// and no default: AWS then treats the value as matching nothing.
    /// </summary>
    public GlobPattern? Resolve(RequestContext context) => _constant ?? Assemble(_parts, context);

    public override string ToString() => Source;

    private static GlobPattern? Assemble(TemplatePart[] parts, RequestContext context)
    {
        var builder = new GlobPatternBuilder();
        foreach (var part in parts)
        {
            switch (part)
            {
                case TemplatePart.Text text:
                    builder.AppendWild(text.Value);
                    break;
                case TemplatePart.Escaped escaped:
                    builder.AppendLiteral(escaped.Value);
                    break;
                case TemplatePart.Variable variable:
                    // A substituted value is literal: a user name cannot smuggle a wildcard in.
                    var value = context.GetSingleValue(variable.Key) ?? variable.Default;
                    if (value is null)
                    {
                        return null;
                    }

                    builder.AppendLiteral(value);
                    break;
            }
        }

        return builder.Build();
    }
}
