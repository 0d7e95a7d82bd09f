using Coffer.Access.Requests;

namespace Coffer.Access.Conditions.Operators;

/// <summary>
/// The typed families (Numeric, Date, Bool, IpAddress, Binary): the policy's values were parsed at
/// load; the request value is parsed here and tested against each with the family's relation.
/// </summary>
internal sealed class ParsedMatcher<TPolicy, TRequest>(
    TPolicy[] values,
    ValueParser<TRequest> parseRequest,
    Func<TRequest, TPolicy, bool> relation) : ValueMatcher
{
    // A request value of the wrong type matches nothing, so a negated operator holds for it.
    public override bool Matches(string requestValue, RequestContext context) =>
        parseRequest(requestValue, out var value) && values.Any(policyValue => relation(value, policyValue));
}
