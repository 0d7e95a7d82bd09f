using Coffer.Engine.Model;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for the <c>buckets</c> table.</summary>
internal static class BucketRows
{
    private const string Columns = "name, region, owner, created_at";

    public static bool Insert(SqliteSession session, BucketInfo bucket)
    {
        var command = session.Command(
            "INSERT INTO buckets (name, region, owner, created_at) VALUES ($name, $region, $owner, $created_at) " +
            "ON CONFLICT (name) DO NOTHING;");
        command.Parameters.AddWithValue("$name", bucket.Name);
        command.Parameters.AddWithValue("$region", bucket.Region);
        command.Parameters.AddWithValue("$owner", bucket.Owner);
        command.Parameters.AddWithValue("$created_at", bucket.CreatedAt.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() == 1;
    }

    public static BucketInfo? Find(SqliteSession session, string name)
    {
        var command = session.Command($"SELECT {Columns} FROM buckets WHERE name = $name;");
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    public static List<BucketInfo> All(SqliteSession session)
    {
        // TEXT compares with memcmp (the BINARY collation): ordinal order, as S3 lists buckets.
        var command = session.Command($"SELECT {Columns} FROM buckets ORDER BY name;");
        using var reader = command.ExecuteReader();
        var buckets = new List<BucketInfo>();
        while (reader.Read())
        {
            buckets.Add(Read(reader));
        }

        return buckets;
    }

    public static bool Exists(SqliteSession session, string name)
    {
        var command = session.Command("SELECT EXISTS (SELECT 1 FROM buckets WHERE name = $name);");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteBoolean();
    }

    public static bool HasVersions(SqliteSession session, string name)
    {
        var command = session.Command("SELECT EXISTS (SELECT 1 FROM object_versions WHERE bucket = $name);");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteBoolean();
    }

    public static void Delete(SqliteSession session, string name)
    {
        var command = session.Command("DELETE FROM buckets WHERE name = $name;");
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    }

    private static BucketInfo Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
}
