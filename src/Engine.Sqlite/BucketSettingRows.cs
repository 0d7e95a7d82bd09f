namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for the <c>bucket_settings</c> table.</summary>
internal static class BucketSettingRows
{
    public static string? Find(SqliteSession session, string bucket, string name)
    {
        var command = session.Command("SELECT document FROM bucket_settings WHERE bucket = $bucket AND name = $name;");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() as string;
    }

    public static void Upsert(SqliteSession session, string bucket, string name, string document)
    {
        var command = session.Command(
            "INSERT INTO bucket_settings (bucket, name, document) VALUES ($bucket, $name, $document) " +
            "ON CONFLICT (bucket, name) DO UPDATE SET document = excluded.document;");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$document", document);
        command.ExecuteNonQuery();
    }

    public static void Delete(SqliteSession session, string bucket, string name)
    {
        var command = session.Command("DELETE FROM bucket_settings WHERE bucket = $bucket AND name = $name;");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    }

    public static void DeleteAllOfBucket(SqliteSession session, string bucket)
    {
        var command = session.Command("DELETE FROM bucket_settings WHERE bucket = $bucket;");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.ExecuteNonQuery();
    }
}
