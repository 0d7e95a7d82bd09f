using Coffer.S3.Errors;

namespace Coffer.S3.Members;

/// <summary>How Coffer treats one request member of one operation, and why.</summary>
/// <param name="WireName">The header or query parameter name, as AWS's model spells it.</param>
/// <param name="Reason">For an honoured member, what acts on it; for the others, what is missing or why nothing is.</param>
public sealed record MemberRule(MemberLocation Location, string WireName, MemberTreatment Treatment, string Reason)
{
    /// <summary>
    /// For a refused member, the values that are refused; null refuses every value. The others mean
    /// what Coffer already does (x-amz-bucket-object-lock-enabled: false, say).
    /// </summary>
    public Func<string, bool>? RefusedWhen { get; init; }

    /// <summary>Which values <see cref="RefusedWhen"/> refuses, in words, for the ledger.</summary>
    public string? RefusedValues { get; init; }

    /// <summary>S3's own 400 for a value it never accepts, answered before any refusal (a made-up encryption method, say).</summary>
    public Func<string, S3Exception?>? Invalid { get; init; }

    /// <summary>True when a request with this value must be answered 501.</summary>
    public bool Refuses(string value) => Treatment == MemberTreatment.Refused && (RefusedWhen?.Invoke(value) ?? true);
}
