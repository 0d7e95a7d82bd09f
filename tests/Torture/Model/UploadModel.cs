namespace Coffer.Torture.Model;

/// <summary>
/// A multipart upload the harness created. Its creation was acknowledged, so until it is completed
/// or aborted it must survive a crash, with every acknowledged part; it must never be visible as an
/// object before CompleteMultipartUpload is acknowledged (or lands while in flight).
/// </summary>
public sealed class UploadModel(IModelledKey key, string uploadId, Sealing sealing)
{
    private readonly Dictionary<int, PartRecord> _acknowledgedParts = [];
    private readonly HashSet<int> _partsInFlight = [];

    public IModelledKey Key { get; } = key;

    public string UploadId { get; } = uploadId;

    /// <summary>What CreateMultipartUpload asked for: every part is sealed so, and the object its completion makes.</summary>
    public Sealing Sealing { get; } = sealing;

    public UploadFate Fate { get; set; } = UploadFate.Open;

    /// <summary>The object its completion makes, once a completion was sent.</summary>
    public ObjectContent? Completes { get; set; }

    /// <summary>The key holds what the completion made: it landed (or was acknowledged).</summary>
    public bool CompletionLanded => Completes is not null && Key.Holds(Completes);

    public IReadOnlyDictionary<int, PartRecord> AcknowledgedParts => _acknowledgedParts;

    public IReadOnlyCollection<int> PartsInFlight => _partsInFlight;

    // Parts go up in parallel: these are called from several tasks of the same worker at once.
    public void BeginPart(int number)
    {
        lock (_partsInFlight)
        {
            _partsInFlight.Add(number);
        }
    }

    public void AcknowledgePart(int number, PartRecord part)
    {
        lock (_partsInFlight)
        {
            _partsInFlight.Remove(number);
            _acknowledgedParts[number] = part;
        }
    }
}

public sealed record PartRecord(long Size, string ETag);

public enum UploadFate
{
    /// <summary>Created (and maybe given parts); neither completion nor abort was sent.</summary>
    Open,

    CompleteInFlight,

    AbortInFlight,

    /// <summary>Completed, aborted, or found gone after a crash: no longer expected in listings.</summary>
    Closed,
}
