using Coffer.Engine.Ports;

using Npgsql;

namespace Coffer.Engine.Postgres;

// Leases and the change feed: each call is one statement, atomic on its own, so no retry loop is needed.
public sealed partial class PostgresMetadataStore : ILeaseStore, IChangeFeed
{
    // ON CONFLICT ... DO UPDATE ... WHERE takes the row only when it is the holder's or ran out; when the WHERE is
    // false, nothing is returned and the caller does not hold the lease. CockroachDB and YugabyteDB take this form too.
    private const string TakeLease = """
        INSERT INTO coffer_leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE coffer_leases.holder = excluded.holder OR coffer_leases.expires_at < now()
        RETURNING holder
        """;

    public async Task<bool> TryTakeLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(TakeLease);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = holder });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)duration.TotalMilliseconds });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM coffer_leases WHERE name = $1 AND holder = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = holder });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PublishChangeAsync(string feed, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO coffer_changes (feed, counter) VALUES ($1, 1) ON CONFLICT (feed) DO UPDATE SET counter = coffer_changes.counter + 1");
        command.Parameters.Add(new NpgsqlParameter { Value = feed });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadChangesAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT feed, counter FROM coffer_changes");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes[reader.GetString(0)] = reader.GetInt64(1);
        }

        return changes;
    }

    /// <summary>The marker recorded by <see cref="ClaimBlobDirectoryAsync"/>; null before any node claimed one. A read only, for the readiness probe.</summary>
    public async Task<string?> RecordedBlobDirectoryAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT blob_directory_marker FROM coffer_deployment WHERE id = 1");
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="marker"/> as the marker of the blob directory the deployment's nodes share, unless one is
    /// recorded already, and returns the one recorded: a node whose directory holds another marker does not see the
    /// same files as the others (a mount missing, or each node's own disk) and must not serve.
    /// </summary>
    public async Task<string> ClaimBlobDirectoryAsync(string marker, CancellationToken cancellationToken)
    {
        // The statement's own insert is not visible to its SELECT of the table, so exactly one of the two yields a row.
        await using var command = _dataSource.CreateCommand("""
            WITH claimed AS (
                INSERT INTO coffer_deployment (id, blob_directory_marker) VALUES (1, $1) ON CONFLICT (id) DO NOTHING
                RETURNING blob_directory_marker)
            SELECT blob_directory_marker FROM claimed
            UNION ALL SELECT blob_directory_marker FROM coffer_deployment WHERE id = 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = marker });
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
