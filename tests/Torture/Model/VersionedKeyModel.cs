namespace Coffer.Torture.Model;

/// <summary>
/// What one key of a versioned bucket may hold after a crash: every acknowledged version and
/// delete marker, oldest first, each with its lock state, and at most the one change the request
/// in flight at the kill would have made. One worker writes the key, one request at a time, so the
/// order of its versions is known.
/// </summary>
public sealed class VersionedKeyModel(string bucket, string key) : IModelledKey
{
    private readonly List<VersionModel> _versions = [];
    private readonly List<ObjectContent> _history = [];

    public string Bucket { get; } = bucket;

    public string Key { get; } = key;

    /// <summary>Oldest first; the last is the current version (or marker).</summary>
    public IReadOnlyList<VersionModel> Versions => _versions;

    public VersionAttempt? InFlight { get; private set; }

    /// <summary>Every content ever sent to this key, oldest first.</summary>
    public IReadOnlyList<ObjectContent> History => _history;

    public void Begin(VersionAttempt attempt)
    {
        if (InFlight is not null)
        {
            throw new InvalidOperationException($"{this}: a second request while one is unanswered; the model cannot judge that.");
        }

        InFlight = attempt;
        if (attempt is AddVersion { Writes: { } content })
        {
            _history.Add(content);
        }
    }

    /// <summary>The answer said the attempt was done; a new version or marker comes with the id the answer gave it.</summary>
    public void Acknowledge(string? newVersionId = null)
    {
        switch (Required())
        {
            case AddVersion add:
                _versions.Add(new VersionModel(
                    newVersionId ?? throw new InvalidOperationException($"{this}: {add.Operation} was acknowledged without a version id"),
                    add.Writes,
                    add.Lock));
                break;
            case RemoveVersion remove:
                _versions.RemoveAll(version => version.VersionId == remove.VersionId);
                break;
            case ChangeLock change:
                var at = _versions.FindIndex(version => version.VersionId == change.VersionId);
                _versions[at] = _versions[at] with { Lock = change.Lock };
                break;
        }

        InFlight = null;
    }

    /// <summary>The answer said the attempt was refused: the key keeps what it had.</summary>
    public void Refuse()
    {
        Required();
        InFlight = null;
    }

    /// <summary>After a verified restart, what the key holds is the new acknowledged state.</summary>
    public void Settle(IEnumerable<VersionModel> found)
    {
        _versions.Clear();
        _versions.AddRange(found);
        InFlight = null;
    }

    public bool Holds(ObjectContent content) => _versions.Any(version => ReferenceEquals(version.Content, content));

    private VersionAttempt Required() => InFlight ?? throw new InvalidOperationException($"{this}: no request in flight.");

    public override string ToString() => $"{Bucket}/{Key}";
}

/// <summary>One version of a key, or a delete marker when <see cref="Content"/> is null.</summary>
public sealed record VersionModel(string VersionId, ObjectContent? Content, LockState Lock)
{
    public bool IsMarker => Content is null;

    public override string ToString() => IsMarker ? $"delete marker {VersionId}" : $"version {VersionId}, {Content}";
}

/// <summary>A request that changes a versioned key.</summary>
public abstract record VersionAttempt(string Operation);

/// <summary>Stores a new version of <see cref="Writes"/>, or a delete marker when it is null.</summary>
public sealed record AddVersion(ObjectContent? Writes, LockState Lock, string Operation) : VersionAttempt(Operation);

/// <summary>Deletes one version (or marker) by its id, with or without bypassing GOVERNANCE retention.</summary>
public sealed record RemoveVersion(string VersionId, bool Bypass, string Operation) : VersionAttempt(Operation);

/// <summary>Sets a version's legal hold or retention to <see cref="Lock"/>.</summary>
public sealed record ChangeLock(string VersionId, LockState Lock, string Operation) : VersionAttempt(Operation);
