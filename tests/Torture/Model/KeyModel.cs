namespace Coffer.Torture.Model;

/// <summary>
/// What one key may hold after a crash. Only one worker writes a key, one request at a time, so
/// the order of its writes is known: the key holds the last acknowledged state, or, when a request
/// was cut off by the kill, possibly exactly what that request would have made it. Nothing else.
/// </summary>
public sealed class KeyModel(string bucket, string key) : IModelledKey
{
    private readonly List<ObjectContent> _history = [];

    public string Bucket { get; } = bucket;

    public string Key { get; } = key;

    /// <summary>The last acknowledged content; null when the key is absent (never written, or deleted).</summary>
    public ObjectContent? Acknowledged { get; private set; }

    /// <summary>The request sent and not answered, if any.</summary>
    public Attempt? InFlight { get; private set; }

    /// <summary>Every content ever sent to this key, oldest first: what a wrong answer can be recognised as.</summary>
    public IReadOnlyList<ObjectContent> History => _history;

    public void Begin(Attempt attempt)
    {
        if (InFlight is not null)
        {
            throw new InvalidOperationException($"{Key}: a second request while one is unanswered; the model cannot judge that.");
        }

        InFlight = attempt;
        if (attempt.Writes is not null)
        {
            _history.Add(attempt.Writes);
        }
    }

    /// <summary>The answer said the attempt was done.</summary>
    public void Acknowledge()
    {
        Acknowledged = Required().Writes;
        InFlight = null;
    }

    /// <summary>The answer said the attempt was refused: the key keeps what it had.</summary>
    public void Refuse()
    {
        Required();
        InFlight = null;
    }

    /// <summary>After a verified restart, what the key holds is the new acknowledged state.</summary>
    public void Settle(ObjectContent? found)
    {
        Acknowledged = found;
        InFlight = null;
    }

    public bool Holds(ObjectContent content) => ReferenceEquals(Acknowledged, content);

    private Attempt Required() => InFlight ?? throw new InvalidOperationException($"{Key}: no request in flight.");

    public override string ToString() => $"{Bucket}/{Key}";
}

/// <summary>A request that changes a key: <see cref="Writes"/> is what it stores, or null for a delete.</summary>
public sealed record Attempt(ObjectContent? Writes, string Operation);
