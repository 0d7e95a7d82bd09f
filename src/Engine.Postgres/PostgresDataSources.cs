using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>How a node connects: one pooled data source per store, with settings the store relies on.</summary>
internal static class PostgresDataSources
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = PostgresConnectionString.Parse(connectionString);

        // No distributed transactions; the store manages its own.
        builder.Enlist = false;

        // A node that loses the database should say so quickly (503) rather than hold requests for Npgsql's default
        // 15 seconds; a user's own setting wins.
        if (!builder.ContainsKey("Timeout") || builder.Timeout == 15)
        {
            builder.Timeout = 5;
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "coffer";
        }

        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }
}
