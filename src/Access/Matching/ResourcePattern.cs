using Coffer.Access.Requests;
using Coffer.Access.Variables;

namespace Coffer.Access.Matching;

/// <summary>A Resource entry such as <c>arn:aws:s3:::media/*</c>, possibly with policy variables.</summary>
/// <remarks>
/// Matched against the whole ARN, case-sensitively. AWS describes wildcards as living within a
/// colon-separated segment but lets a segment's trailing <c>*</c> run past colons, which for S3
/// ARNs (whose keys may contain colons) is the same as matching the whole string.
/// </remarks>
public sealed class ResourcePattern
{
    private readonly ValueTemplate _template;

    internal ResourcePattern(ValueTemplate template) => _template = template;

    public string Text => _template.Source;

    /// <summary>True, false, or null when a policy variable in it has no value for this request.</summary>
    internal bool? Matches(string resource, RequestContext context) =>
        _template.Resolve(context)?.IsMatch(resource, ignoreCase: false);

    public override string ToString() => Text;
}
