namespace Coffer.S3.Forms;

public enum PostPolicyMatch
{
    /// <summary><c>{"field": "value"}</c> or <c>["eq", "$field", "value"]</c>.</summary>
    Exact,

    /// <summary><c>["starts-with", "$field", "prefix"]</c>; an empty prefix allows any value.</summary>
    StartsWith,

    /// <summary><c>["content-length-range", min, max]</c>: the file's size in bytes, both ends included.</summary>
    ContentLengthRange,
}

/// <summary>
/// One entry of a POST policy's <c>conditions</c>. <see cref="Field"/> is spelled as the policy
/// spells it, without the '$' (form field names are compared case-insensitively); it is empty
/// for a content-length range.
/// </summary>
public sealed record PostPolicyCondition(PostPolicyMatch Match, string Field, string Value, long Min = 0, long Max = 0)
{
    /// <summary>True when this condition names the form field <paramref name="name"/>.</summary>
    public bool Covers(string name) => Match != PostPolicyMatch.ContentLengthRange && Field.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The condition as S3 quotes it in "Policy Condition failed: …": an exact match is always
    /// written in its "eq" form, whichever form the policy used.
    /// </summary>
    public override string ToString() => Match switch
    {
        PostPolicyMatch.ContentLengthRange => $"[\"content-length-range\", {Min}, {Max}]",
        PostPolicyMatch.StartsWith => $"[\"starts-with\", {Quote("$" + Field)}, {Quote(Value)}]",
        _ => $"[\"eq\", {Quote("$" + Field)}, {Quote(Value)}]",
    };

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
