using System.Data;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// Runs work in one SERIALIZABLE transaction on a pooled connection, and runs it again from the start when the
/// database aborts it for a serialization failure or a deadlock (SQLSTATE 40001, 40P01): under SERIALIZABLE that is
/// the database telling two nodes' transactions apart, not an error. Attempts are bounded, and spaced by a backoff
/// with jitter so that the transactions that collided do not collide again in step. The work must therefore do
/// nothing outside the transaction that it cannot do twice.
/// </summary>
internal static class SerializableTransactions
{
    public const int MaxAttempts = 10;

    public static async Task<T> RunAsync<T>(
        NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (IsRetryable(e) && attempt < MaxAttempts)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            catch (PostgresException e) when (IsRetryable(e))
            {
                throw PostgresWriters.Contention(e);
            }
            catch (Exception e) when (DatabaseUnavailable.Is(e))
            {
                throw DatabaseUnavailable.Refusal(e);
            }
        }
    }

    public static bool IsRetryable(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    /// <summary>Up to 2^attempt milliseconds, at most 200 ms, drawn at random so that colliding retries spread out.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 1 + Math.Min(200, 1 << Math.Min(attempt, 16))));
}
