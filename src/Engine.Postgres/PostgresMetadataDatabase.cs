using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// A plain data source on a Coffer PostgreSQL database, for a tool that moves rows in bulk (<c>coffer admin migrate</c>):
/// opened, and its schema created or migrated, exactly as a node opens it, so that the rows land in the tables a node
/// reads. The caller owns the source and disposes it.
/// </summary>
public static class PostgresMetadataDatabase
{
    /// <summary>
    /// Throws <see cref="MetadataDatabaseException"/> with one clear line when the database cannot be reached, refuses
    /// the login, is read-only, or has a newer schema than this build.
    /// </summary>
    public static Task<NpgsqlDataSource> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        string settings;
        try
        {
            var builder = PostgresConnectionString.Parse(connectionString);

            // A copy of a large table or a checksum over it is one long statement; a node's 30-second command limit
            // is for requests, not for this.
            builder.CommandTimeout = 0;
            settings = builder.ConnectionString;
        }
        catch (FormatException e)
        {
            throw new MetadataDatabaseException(e.Message, e);
        }

        return PostgresDataSources.OpenAsync(settings, source => PostgresSchemaMigrator.MigrateAsync(source, cancellationToken), cancellationToken);
    }
}
