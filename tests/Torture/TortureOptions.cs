namespace Coffer.Torture;

/// <summary>How long and how hard a run goes. The run stops at whichever of the two limits comes first.</summary>
public sealed record TortureOptions
{
    public int Cycles { get; init; } = int.MaxValue;

    public TimeSpan Duration { get; init; } = TimeSpan.MaxValue;

    /// <summary>Decides sizes, operations, keys and kill moments; the threads' timing is not replayed.</summary>
    public int Seed { get; init; } = Random.Shared.Next();

    /// <summary>Concurrent clients, each with keys of its own.</summary>
    public int Workers { get; init; } = 6;

    /// <summary>Concurrent clients of the object-locked (so versioned) bucket, each with keys of its own.</summary>
    public int VersionedWorkers { get; init; } = 2;

    /// <summary>Concurrent clients of the bucket whose objects move to the GLACIER tier, each with keys of its own.</summary>
    public int TieredWorkers { get; init; } = 1;

    /// <summary>
    /// Server processes: one on SQLite, or several on one PostgreSQL database sharing the data directory, of which each
    /// cycle kills one while the others serve.
    /// </summary>
    public int Nodes { get; init; } = 1;

    /// <summary>Where the server keeps its data; null for a temporary directory, removed after a passing run.</summary>
    public string? DataDirectory { get; init; }
}
