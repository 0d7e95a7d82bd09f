using Coffer.Engine.Postgres;

namespace Coffer.Server.Admin.Migration;

/// <summary>A target connection string fit to print or to store where others read it: its password removed.</summary>
internal static class TargetName
{
    public static string Redact(string connectionString)
    {
        if (PostgresConnectionString.IsPostgres(connectionString))
        {
            // postgresql://user:password@host...: the user info ends at the last '@' before the path.
            var start = connectionString.IndexOf("://", StringComparison.Ordinal) + 3;
            var pathStart = connectionString.IndexOf('/', start) is var slash and >= 0 ? slash : connectionString.Length;
            var at = connectionString.LastIndexOf('@', pathStart - 1, pathStart - start);
            var colon = at < 0 ? -1 : connectionString.IndexOf(':', start, at - start);
            return colon < 0 ? connectionString : connectionString[..colon] + connectionString[at..];
        }

        try
        {
            var builder = PostgresConnectionString.Parse(connectionString);
            builder.Remove("Password");
            return builder.ConnectionString;
        }
        catch (FormatException)
        {
            return connectionString;
        }
    }
}
