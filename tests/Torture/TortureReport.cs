using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

using Coffer.Torture.Model;

namespace Coffer.Torture;

/// <summary>
/// What a run did and found. Figures are counted by the workers of a cycle at once, so they move
/// with Interlocked; violations are kept whole, with the cycle they were found in.
/// </summary>
public sealed class TortureReport
{
    private static readonly (string Label, Figure Figure)[] Lines =
    [
        ("  PUT", Figure.PutObject),
        ("  PUT under object lock", Figure.LockedPutObject),
        ("  CopyObject", Figure.CopyObject),
        ("  CompleteMultipartUpload", Figure.CompleteMultipartUpload),
        ("  UploadPart", Figure.UploadPart),
        ("  AbortMultipartUpload", Figure.AbortMultipartUpload),
        ("  DeleteObject", Figure.DeleteObject),
        ("  DeleteObjects (keys)", Figure.DeleteObjectsKey),
        ("  delete markers added", Figure.DeleteMarkerAdded),
        ("  versions deleted by id", Figure.VersionDeleted),
        ("  deletes of protected versions refused", Figure.ProtectedDeleteRefused),
        ("  legal hold and retention changes", Figure.LockChanged),
        ("  RestoreObject of archived objects", Figure.RestoreRequested),
        ("  restored objects read back during the load", Figure.RestoredReadBack),
        ("  operations cut off by a kill", Figure.CutOffByKill),
        ("  completed after a kill was sent", Figure.CompletedAfterKill),
        ("  answered 503 SlowDown (the worker retired)", Figure.SlowDownAnswered),
        ("  objects written sealed SSE-S3", Figure.SealedSseS3),
        ("  objects written sealed SSE-KMS", Figure.SealedSseKms),
        ("  objects written sealed SSE-C", Figure.SealedSseC),
        ("verified: objects read back byte-identical", Figure.ObjectReadBack),
        ("verified: still SSE-S3", Figure.SseS3Verified),
        ("verified: still SSE-KMS under the run's key", Figure.SseKmsVerified),
        ("verified: still SSE-C, refused without the key", Figure.SseCVerified),
        ("verified: absences confirmed", Figure.AbsenceConfirmed),
        ("verified: versions read back by id", Figure.VersionReadBack),
        ("verified: version locks as acknowledged", Figure.LockVerified),
        ("verified: archived objects restored and read", Figure.ArchivedVerified),
        ("verified: tier blobs referenced and present", Figure.TierBlobChecked),
        ("verified: listings compared with GETs", Figure.ListingCompared),
        ("verified: open uploads and their parts", Figure.UploadVerified),
        ("in flight at the kill: landed", Figure.InFlightLanded),
        ("in flight at the kill: not landed", Figure.InFlightNotLanded),
        ("in flight at the kill: indistinguishable", Figure.InFlightEither),
        ("crash orphans removed by the sweep", Figure.OrphanSwept),
        ("interrupted releases finished by the sweep", Figure.ReleaseFinished),
    ];

    private static readonly (string Label, ViolationKind Kind)[] ViolationLines =
    [
        ("unreferenced blobs after the sweep", ViolationKind.Orphan),
        ("referenced blobs missing", ViolationKind.MissingBlob),
        ("integrity problems", ViolationKind.Integrity),
        ("exposed (never acknowledged, partial, mixed)", ViolationKind.Exposed),
        ("listings disagreeing with GETs", ViolationKind.ListingMismatch),
        ("unexpected errors", ViolationKind.UnexpectedError),
        ("object lock not honoured", ViolationKind.LockBroken),
        ("encryption not as written", ViolationKind.Unsealed),
        ("LOST", ViolationKind.Lost),
    ];

    private static readonly Figure[] Acknowledgements =
    [
        Figure.PutObject, Figure.CopyObject, Figure.CompleteMultipartUpload, Figure.UploadPart, Figure.AbortMultipartUpload, Figure.DeleteObject, Figure.DeleteObjectsKey,
        Figure.LockedPutObject, Figure.DeleteMarkerAdded, Figure.VersionDeleted, Figure.ProtectedDeleteRefused, Figure.LockChanged,
        Figure.RestoreRequested,
    ];

    private readonly long[] _figures = new long[Enum.GetValues<Figure>().Length];
    private readonly ConcurrentQueue<Violation> _violations = new();

    public int Seed { get; init; }

    public int Cycles { get; set; }

    public TimeSpan Elapsed { get; set; }

    public long OperationsAcknowledged => Acknowledgements.Sum(this.Get);

    public IReadOnlyList<Violation> Violations => [.. _violations];

    public bool Passed => _violations.IsEmpty;

    public long Get(Figure figure) => Interlocked.Read(ref _figures[(int)figure]);

    public void Count(Figure figure, long by = 1) => Interlocked.Add(ref _figures[(int)figure], by);

    /// <summary>An acknowledged write (PUT, copy, completion) of an object sealed as <paramref name="sealing"/> says.</summary>
    public void CountSealed(Sealing sealing)
    {
        if (SealedFigure(sealing.Kind, written: true) is { } figure)
        {
            Count(figure);
        }
    }

    /// <summary>A read-back object whose HEAD said it is sealed as its write asked.</summary>
    public void CountSealingVerified(Sealing sealing)
    {
        if (SealedFigure(sealing.Kind, written: false) is { } figure)
        {
            Count(figure);
        }
    }

    private static Figure? SealedFigure(SealingKind kind, bool written) => kind switch
    {
        SealingKind.SseS3 => written ? Figure.SealedSseS3 : Figure.SseS3Verified,
        SealingKind.SseKms => written ? Figure.SealedSseKms : Figure.SseKmsVerified,
        SealingKind.SseC => written ? Figure.SealedSseC : Figure.SseCVerified,
        _ => null,
    };

    /// <summary>How a request in flight at the kill turned out; null when the two outcomes look alike.</summary>
    public void InFlightOutcome(bool? landed) =>
        Count(landed switch { true => Figure.InFlightLanded, false => Figure.InFlightNotLanded, null => Figure.InFlightEither });

    public int Count(ViolationKind kind) => _violations.Count(v => v.Kind == kind);

    public void Add(ViolationKind kind, string detail) => _violations.Enqueue(new Violation(Cycles, kind, detail));

    /// <summary>One line of running totals, for the end of each cycle.</summary>
    public string Progress(string what) => string.Create(
        CultureInfo.InvariantCulture,
        $"cycle {Cycles,4} [{Elapsed:hh\\:mm\\:ss}] {what}; acknowledged {OperationsAcknowledged}, read back {Get(Figure.ObjectReadBack)}, " +
        $"absences {Get(Figure.AbsenceConfirmed)}, listings {Get(Figure.ListingCompared)}, in flight landed/not/either " +
        $"{Get(Figure.InFlightLanded)}/{Get(Figure.InFlightNotLanded)}/{Get(Figure.InFlightEither)}, " +
        $"orphans swept {Get(Figure.OrphanSwept)}, violations {_violations.Count}");

    /// <summary>The closing report of a run, one figure a line.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        void Line(string label, long value) => text.AppendLine(CultureInfo.InvariantCulture, $"  {label,-46} {value}");

        text.AppendLine(CultureInfo.InvariantCulture, $"Crash torture: seed {Seed}, {Cycles} cycles in {Elapsed:hh\\:mm\\:ss}");
        Line("operations acknowledged", OperationsAcknowledged);
        foreach (var (label, figure) in Lines)
        {
            Line(label, Get(figure));
        }

        foreach (var (label, kind) in ViolationLines)
        {
            Line(label, Count(kind));
        }

        text.AppendLine(Passed ? "PASSED" : $"FAILED: {_violations.Count} violations (replay with --seed {Seed})");
        foreach (var violation in _violations.Take(50))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {violation}");
        }

        return text.ToString();
    }
}

/// <summary>What a run counts: operations acknowledged, checks that passed, and what crashes left.</summary>
public enum Figure
{
    PutObject,
    CopyObject,
    CompleteMultipartUpload,
    UploadPart,
    AbortMultipartUpload,
    DeleteObject,
    DeleteObjectsKey,
    LockedPutObject,
    DeleteMarkerAdded,
    VersionDeleted,

    /// <summary>Deletes by version id that object lock refused, as the model expected.</summary>
    ProtectedDeleteRefused,

    LockChanged,

    /// <summary>RestoreObject requests answered 202 or 200 (archived objects; refusals of others are not counted).</summary>
    RestoreRequested,

    /// <summary>GETs of archived objects, during the load, that served their restored copy's bytes as acknowledged.</summary>
    RestoredReadBack,

    /// <summary>Operations that failed because a request of theirs went to the node killed (their keys stay in flight).</summary>
    CutOffByKill,

    /// <summary>
    /// Operations (of any kind, reads too) that completed after a node was killed: with several nodes, the others'
    /// work while one is dead; with one, only answers that beat the kill.
    /// </summary>
    CompletedAfterKill,

    /// <summary>Writes refused with 503 SlowDown (the database aborted them for concurrent writes), each ending its worker's cycle.</summary>
    SlowDownAnswered,

    /// <summary>Acknowledged writes (PUT, copy, completion) of objects sealed so; part of the operations above.</summary>
    SealedSseS3,
    SealedSseKms,
    SealedSseC,

    /// <summary>GETs whose bytes matched the state the model allowed.</summary>
    ObjectReadBack,

    /// <summary>Objects read back whose HEAD named the kind (and KMS key) their write asked for.</summary>
    SseS3Verified,
    SseKmsVerified,

    /// <summary>SSE-C objects refused to a GET without the key, read back with it, and so named by HEAD.</summary>
    SseCVerified,

    /// <summary>GETs that found no object where the model expected none (deleted, never written, or never landed).</summary>
    AbsenceConfirmed,

    /// <summary>GETs by version id whose bytes matched the version the model holds.</summary>
    VersionReadBack,

    /// <summary>Legal holds and retentions the server reported as acknowledged (or as the change in flight made them).</summary>
    LockVerified,

    /// <summary>Keys found archived after a restart, restored by the verifier and read back as the model allowed.</summary>
    ArchivedVerified,

    /// <summary>Blobs referenced from the GLACIER tier's directory (archives and their parts) found there by the inspector.</summary>
    TierBlobChecked,

    ListingCompared,

    /// <summary>Uploads found open (with their acknowledged parts) or gone, as the model expected.</summary>
    UploadVerified,

    InFlightLanded,
    InFlightNotLanded,

    /// <summary>In flight, but both outcomes look alike (a delete of a key that was absent anyway).</summary>
    InFlightEither,

    /// <summary>Unreferenced blobs a crash left and the sweep removed: expected, and not a loss.</summary>
    OrphanSwept,

    /// <summary>Queued deletions a crash interrupted and the sweep finished.</summary>
    ReleaseFinished,
}

public enum ViolationKind
{
    /// <summary>An acknowledged write or delete not honoured: content gone, older, or a deleted object back.</summary>
    Lost,

    /// <summary>Content no request made whole: a partial, mixed or never-sent body, or an unknown key.</summary>
    Exposed,

    ListingMismatch,

    Orphan,

    MissingBlob,

    Integrity,

    /// <summary>An error answer, or a failure while the server was alive: the load itself went wrong.</summary>
    UnexpectedError,

    /// <summary>A protected version deleted, or a legal hold or retention weakened without a request that may do so.</summary>
    LockBroken,

    /// <summary>An object read back sealed otherwise than its write asked: another kind, another KMS key, or plaintext.</summary>
    Unsealed,
}

public sealed record Violation(int Cycle, ViolationKind Kind, string Detail)
{
    public override string ToString() => $"cycle {Cycle}: {Kind}: {Detail}";
}
