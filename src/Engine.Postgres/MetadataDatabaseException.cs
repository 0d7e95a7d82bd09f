using System.Net.Sockets;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>The metadata database cannot be used as it is; the message is one line a user can act on.</summary>
public sealed class MetadataDatabaseException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>A clear account of why opening failed, or null when <paramref name="e"/> is not about the database.</summary>
    public static MetadataDatabaseException? Explain(Exception e) => e switch
    {
        SchemaTooNewException => new MetadataDatabaseException(e.Message, e),
        FormatException => new MetadataDatabaseException(e.Message, e),
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } => new MetadataDatabaseException(
            "The metadata database is read-only (a standby, or default_transaction_read_only): point --metadata at the primary.", e),
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
            new MetadataDatabaseException($"The metadata database refused the login: {pg.MessageText}", e),
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg =>
            new MetadataDatabaseException($"The metadata database does not exist: {pg.MessageText}", e),
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } pg =>
            new MetadataDatabaseException($"The metadata database's user may not create Coffer's tables: {pg.MessageText}", e),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => new MetadataDatabaseException(
            $"The metadata database cannot be reached: {e.InnerException!.Message}", e),
        NpgsqlException { InnerException: null } when e is not PostgresException => new MetadataDatabaseException(
            $"The metadata database cannot be reached: {e.Message}", e),
        _ => null,
    };
}
