using Coffer.Access.Requests;

namespace Coffer.Access.Conditions.Operators;

/// <summary>
/// The positive test of an operator family: does one request value match any of the policy's
/// values? Negation, set qualifiers and missing keys are <see cref="Condition"/>'s business.
/// </summary>
internal abstract class ValueMatcher
{
    public abstract bool Matches(string requestValue, RequestContext context);

    /// <summary>For an operator that tests presence rather than values, the answer; otherwise null.</summary>
    public virtual bool? DecideByPresence(bool keyPresent) => null;
}
