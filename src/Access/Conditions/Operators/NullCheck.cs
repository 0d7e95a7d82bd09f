using Coffer.Access.Requests;

namespace Coffer.Access.Conditions.Operators;

/// <summary>
/// The Null operator tests presence, not values: <c>"true"</c> holds when the key is absent,
/// <c>"false"</c> when it is present.
/// </summary>
internal sealed class NullCheck(bool[] expectAbsent) : ValueMatcher
{
    public override bool? DecideByPresence(bool keyPresent) => expectAbsent.Any(absent => absent != keyPresent);

    // Never consulted: DecideByPresence always answers.
    public override bool Matches(string requestValue, RequestContext context) => false;
}
