using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// Reads what users write for <c>--metadata</c>: a URI as libpq takes it
/// (<c>postgresql://user:password@host:port/database?sslmode=require</c>) or Npgsql's own
/// <c>Host=…;Username=…</c> form. Npgsql reads only the latter, so the URI is translated here.
/// </summary>
public static class PostgresConnectionString
{
    public static bool IsPostgres(string value) =>
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="FormatException"/> with a message fit for the user when the value cannot be read.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        if (!IsPostgres(value))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"The metadata connection string is not valid: {e.Message}", e);
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("The metadata URI is not valid: expected postgresql://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var setting = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[LibpqNames.TryGetValue(name, out var npgsqlName) ? npgsqlName : name] = setting;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"The metadata URI's parameter '{name}' is not valid: {e.Message}", e);
            }
        }

        return builder;
    }

    // libpq's parameter names where Npgsql's differ; the rest (sslmode, application_name...) Npgsql reads as they are.
    private static readonly Dictionary<string, string> LibpqNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["user"] = "Username",
        ["dbname"] = "Database",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["options"] = "Options",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslrootcert"] = "Root Certificate",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>
    /// Whether two connection strings reach the same database as the same user, whatever their form (URI or keywords),
    /// password or options; two that cannot be parsed are the same only when written alike.
    /// </summary>
    public static bool SameDatabase(string one, string other)
    {
        try
        {
            var a = Parse(one);
            var b = Parse(other);
            return string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
                && a.Port == b.Port
                && string.Equals(a.Database, b.Database, StringComparison.Ordinal)
                && string.Equals(a.Username, b.Username, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return string.Equals(one, other, StringComparison.Ordinal);
        }
    }
}
