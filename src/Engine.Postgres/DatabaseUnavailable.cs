using Coffer.Engine.Errors;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// Recognises a database that cannot be reached or is going away among Npgsql's errors, so that a node that loses its
/// database answers S3's 503 (<see cref="EngineError.MetadataUnavailable"/>) at once, and serves again by itself when
/// the database is back (the pool opens new connections), rather than answering 500s.
/// </summary>
internal static class DatabaseUnavailable
{
    public static bool Is(Exception error) => error switch
    {
        // SQLSTATE class 08: connection exceptions; 57P01-57P03: the server shutting down, crashed or starting;
        // 53300: too many connections.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections,

        // Anything else Npgsql raises itself is about the connection: refused, reset, timed out, broken mid-command.
        NpgsqlException => true,
        _ => false,
    };

    /// <summary><paramref name="error"/> as the caller should see it: a lost database as <see cref="EngineError.MetadataUnavailable"/>, anything else as it is.</summary>
    public static Exception Translate(Exception error) => Is(error) ? Refusal(error) : error;

    public static EngineException Refusal(Exception cause) =>
        new(EngineError.MetadataUnavailable, "The metadata database is unavailable: " + cause.Message, cause);

    /// <summary>Runs <paramref name="work"/>, turning a lost database into <see cref="EngineError.MetadataUnavailable"/>.</summary>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (Is(e))
        {
            throw Refusal(e);
        }
    }
}
