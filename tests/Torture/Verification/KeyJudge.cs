using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

/// <summary>
/// The rule for one key after a crash: it holds its last acknowledged state, or exactly what the
/// request in flight at the kill would have made it; never a mix, a truncation, or an older state;
/// and it is sealed as the write that made it asked.
/// </summary>
public static class KeyJudge
{
    /// <summary>Judges what a GET found, reports it, and settles the key on it for the next cycle.</summary>
    public static void Judge(KeyModel key, FoundObject? found, TortureReport report)
    {
        var acknowledged = key.Acknowledged;
        var attempt = key.InFlight;
        var asAcknowledged = Matches(acknowledged, found);
        var asAttempt = attempt is not null && Matches(attempt.Writes, found);

        if (!asAcknowledged && !asAttempt)
        {
            var (kind, detail) = Explain(key, found);
            report.Add(kind, detail);
            key.Settle(found is null ? null : Recognise(key, found) ?? new ObjectContent(found.Length, found.Sha256, found.ETag, "unrecognised bytes") { Sealing = found.Sealing });
            return;
        }

        if (attempt is not null)
        {
            // Both match only when a delete was in flight on a key that was absent anyway.
            report.InFlightOutcome(asAcknowledged && asAttempt ? null : asAttempt);
        }

        // The same bytes may have been written twice, sealed otherwise (an empty object, say): the one served decides.
        var holds = asAcknowledged && asAttempt && attempt!.Writes is { } written && found is not null
            && written.Sealing == found.Sealing && written.ETag == found.ETag
            ? written
            : asAcknowledged ? acknowledged : attempt!.Writes;
        if (found is null)
        {
            report.Count(Figure.AbsenceConfirmed);
        }
        else if (found.ETag != holds!.ETag)
        {
            report.Add(ViolationKind.Exposed, $"{key}: the bytes of {holds} are served with ETag {found.ETag}, not {holds.ETag}");
        }
        else if (found.Sealing != holds.Sealing)
        {
            report.Add(ViolationKind.Unsealed, $"{key}: the bytes of {holds} are stored {found.Sealing}, not {holds.Sealing}");
        }
        else
        {
            report.Count(Figure.ObjectReadBack);
            report.CountSealingVerified(holds.Sealing);
        }

        key.Settle(holds);
    }

    private static bool Matches(ObjectContent? expected, FoundObject? found) =>
        expected is null ? found is null : found is not null && expected.SameBytes(found.Length, found.Sha256);

    private static ObjectContent? Recognise(KeyModel key, FoundObject found) =>
        key.History.LastOrDefault(content => content.SameBytes(found.Length, found.Sha256));

    private static (ViolationKind Kind, string Detail) Explain(KeyModel key, FoundObject? found)
    {
        var expected = $"acknowledged: {key.Acknowledged?.ToString() ?? "absent"}; in flight: {Describe(key.InFlight)}";
        if (found is null)
        {
            return (ViolationKind.Lost, $"{key} is gone ({expected})");
        }

        return Recognise(key, found) is { } older
            ? (ViolationKind.Lost, $"{key} holds an older state, {older} ({expected})")
            : (ViolationKind.Exposed, $"{key} holds {found.Length:N0} bytes that no request sent whole ({expected})");
    }

    private static string Describe(Attempt? attempt) => attempt switch
    {
        null => "nothing",
        { Writes: null } => attempt.Operation,
        _ => attempt.Writes.ToString(),
    };
}
