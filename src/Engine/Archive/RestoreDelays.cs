using Coffer.Engine.Model;

namespace Coffer.Engine.Archive;

/// <summary>
/// How long a restore of each retrieval tier takes at the least, as the host sets it; by default none: a restore is
/// done as soon as the restore worker has copied the archive (S3 takes minutes to hours, which helps no test).
/// </summary>
public sealed record RestoreDelays
{
    public static readonly RestoreDelays None = new();

    public TimeSpan Expedited { get; init; }

    public TimeSpan Standard { get; init; }

    public TimeSpan Bulk { get; init; }

    public TimeSpan Of(RetrievalTier tier) => tier switch
    {
        RetrievalTier.Expedited => Expedited,
        RetrievalTier.Bulk => Bulk,
        _ => Standard,
    };
}
