using Coffer.Torture.Model;

namespace Coffer.Torture.Verification;

/// <summary>
/// The rule for one versioned key after a crash, judged on its ListObjectVersions entries: every
/// acknowledged version and marker is there, newest first, with its size and ETag; the only other
/// entry allowed is the one the request in flight would have added, on top; the only one allowed
/// missing is the one the request in flight would have deleted, and only if its lock allowed that.
/// </summary>
public static class VersionJudge
{
    /// <summary>Judges <paramref name="listed"/> (newest first) and returns what the key holds, oldest first.</summary>
    public static List<VersionModel> Judge(VersionedKeyModel key, IReadOnlyList<ListedVersion> listed, DateTimeOffset now, TortureReport report)
    {
        var attempt = key.InFlight;
        var known = key.Versions.ToDictionary(version => version.VersionId, StringComparer.Ordinal);
        var holds = new List<VersionModel>();
        var added = false;
        for (var i = 0; i < listed.Count; i++)
        {
            var entry = listed[i];
            if (known.TryGetValue(entry.VersionId, out var version))
            {
                if (!Describes(entry, version.Content))
                {
                    report.Add(ViolationKind.ListingMismatch, $"{key} lists {entry}; it was acknowledged as {version}");
                }

                holds.Add(version);
            }
            else if (i == 0 && attempt is AddVersion add && Describes(entry, add.Writes))
            {
                holds.Add(new VersionModel(entry.VersionId, add.Writes, add.Lock));
                added = true;
            }
            else
            {
                report.Add(ViolationKind.Exposed, $"{key} lists {entry}, which no acknowledged request made (in flight: {Describe(attempt)})");
            }
        }

        var listedIds = listed.Select(entry => entry.VersionId).ToHashSet(StringComparer.Ordinal);
        var removed = false;
        foreach (var version in key.Versions.Where(version => !listedIds.Contains(version.VersionId)))
        {
            if (attempt is RemoveVersion remove && remove.VersionId == version.VersionId)
            {
                removed = true;
                // When it was sent is unknown; by now it has been judged. Only a certain protection counts.
                if (version.Lock.AgainstDelete(remove.Bypass, DateTimeOffset.UnixEpoch, now) == Protection.Certain)
                {
                    report.Add(ViolationKind.LockBroken, $"{key}: {remove.Operation} in flight deleted {version} under {version.Lock}");
                }
            }
            else
            {
                report.Add(ViolationKind.Lost, $"{key}: acknowledged {version} is gone (in flight: {Describe(attempt)})");
            }
        }

        var expectedOrder = key.Versions.Select(version => version.VersionId).Reverse().Where(listedIds.Contains);
        var listedOrder = listed.Select(entry => entry.VersionId).Where(known.ContainsKey);
        if (!expectedOrder.SequenceEqual(listedOrder, StringComparer.Ordinal))
        {
            report.Add(ViolationKind.ListingMismatch, $"{key}: versions listed as [{string.Join(", ", listed)}], not newest first");
        }

        for (var i = 0; i < listed.Count; i++)
        {
            if (listed[i].IsLatest != (i == 0))
            {
                report.Add(ViolationKind.ListingMismatch, $"{key}: {listed[i]} is {(i == 0 ? "first but not" : "not first but")} marked latest");
            }
        }

        switch (attempt)
        {
            case AddVersion:
                report.InFlightOutcome(added);
                break;
            case RemoveVersion:
                report.InFlightOutcome(removed);
                break;
        }

        holds.Reverse();
        return holds;
    }

    private static bool Describes(ListedVersion entry, ObjectContent? content) => content is null
        ? entry.IsMarker
        : !entry.IsMarker && entry.Size == content.Length && entry.ETag == content.ETag;

    public static string Describe(VersionAttempt? attempt) => attempt switch
    {
        null => "nothing",
        AddVersion { Writes: null } => $"{attempt.Operation} adding a delete marker",
        AddVersion add => $"{attempt.Operation} of {add.Writes} ({add.Lock})",
        RemoveVersion remove => $"{attempt.Operation} of {remove.VersionId}{(remove.Bypass ? " bypassing governance" : "")}",
        ChangeLock change => $"{attempt.Operation} of {change.VersionId} to {change.Lock}",
        _ => attempt.Operation,
    };
}
