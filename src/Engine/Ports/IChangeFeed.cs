namespace Coffer.Engine.Ports;

/// <summary>
/// Counters of changes to state that nodes cache (IAM, bucket settings), kept in the shared database: a node that
/// changes such state publishes it here, and every node watches the counters and retires its cached copies when one
/// moves (see <see cref="Caching.ChangeFeedWatcher"/>). A counter row read with a cheap poll rather than LISTEN/NOTIFY,
/// which CockroachDB lacks.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Counts one more change to the state named <paramref name="feed"/>.</summary>
    Task PublishChangeAsync(string feed, CancellationToken cancellationToken);

    /// <summary>Every feed's count so far; a feed never published is absent.</summary>
    Task<IReadOnlyDictionary<string, long>> ReadChangesAsync(CancellationToken cancellationToken);
}
