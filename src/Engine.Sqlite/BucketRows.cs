using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>The SQL for the <c>buckets</c> table.</summary>
internal static class BucketRows
{
    /// <summary>The configuration a write obeys, in the order <see cref="Read"/> reads it after name, region, owner and creation.</summary>
    private const string ConfigurationColumns =
        "versioning, lock_enabled, lock_mode, lock_days, lock_years, " +
        "encryption_configured, encryption_default, encryption_kms_key_id, encryption_bucket_key, encryption_blocks_sse_c";

    private const string Columns = "name, region, owner, created_at, " + ConfigurationColumns;

    public static bool Insert(SqliteSession session, BucketInfo bucket)
    {
        var command = session.Command(
            $"INSERT INTO buckets ({Columns}) " +
            "VALUES ($name, $region, $owner, $created_at, $versioning, $lock_enabled, $lock_mode, $lock_days, $lock_years, " +
            "$encryption_configured, $encryption_default, $encryption_kms_key_id, $encryption_bucket_key, $encryption_blocks_sse_c) " +
            "ON CONFLICT (name) DO NOTHING;");
        command.Parameters.AddWithValue("$name", bucket.Name);
        command.Parameters.AddWithValue("$region", bucket.Region);
        command.Parameters.AddWithValue("$owner", bucket.Owner);
        command.Parameters.AddWithValue("$created_at", bucket.CreatedAt.ToUnixTimeMilliseconds());
        BindConfiguration(command.Parameters, bucket);
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

    /// <summary>Stores the bucket's versioning state, object lock and encryption (its name, region, owner and creation never change).</summary>
    public static void UpdateConfiguration(SqliteSession session, BucketInfo bucket)
    {
        var command = session.Command(
            "UPDATE buckets SET versioning = $versioning, lock_enabled = $lock_enabled, lock_mode = $lock_mode, " +
            "lock_days = $lock_days, lock_years = $lock_years, encryption_configured = $encryption_configured, " +
            "encryption_default = $encryption_default, encryption_kms_key_id = $encryption_kms_key_id, " +
            "encryption_bucket_key = $encryption_bucket_key, encryption_blocks_sse_c = $encryption_blocks_sse_c WHERE name = $name;");
        command.Parameters.AddWithValue("$name", bucket.Name);
        BindConfiguration(command.Parameters, bucket);
        command.ExecuteNonQuery();
    }

    private static void BindConfiguration(SqliteParameterCollection parameters, BucketInfo bucket)
    {
        parameters.AddWithValue("$versioning", bucket.Versioning switch
        {
            BucketVersioning.Enabled => "Enabled",
            BucketVersioning.Suspended => "Suspended",
            _ => DBNull.Value,
        });
        var defaults = bucket.ObjectLock?.DefaultRetention;
        parameters.AddWithValue("$lock_enabled", bucket.ObjectLock is not null);
        parameters.AddWithValue("$lock_mode", defaults is null ? DBNull.Value : RetentionModeNames.ToStored(defaults.Mode));
        parameters.AddWithValue("$lock_days", (object?)defaults?.Days ?? DBNull.Value);
        parameters.AddWithValue("$lock_years", (object?)defaults?.Years ?? DBNull.Value);

        var encryption = bucket.Encryption;
        parameters.AddWithValue("$encryption_configured", encryption is not null);
        parameters.AddWithValue("$encryption_default", encryption?.Default is { } method ? EncryptionNames.ToStored(method.Kind) : DBNull.Value);
        parameters.AddWithValue("$encryption_kms_key_id", (object?)encryption?.Default?.KmsKeyId ?? DBNull.Value);
        parameters.AddWithValue("$encryption_bucket_key", encryption?.BucketKeyEnabled ?? false);
        parameters.AddWithValue("$encryption_blocks_sse_c", encryption?.SseCBlocked ?? false);
    }

    private static BucketInfo Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))
    {
        Versioning = reader.IsDBNull(4)
            ? BucketVersioning.Unversioned
            : reader.GetString(4) == "Enabled" ? BucketVersioning.Enabled : BucketVersioning.Suspended,
        ObjectLock = reader.GetBoolean(5) ? new ObjectLockConfiguration(DefaultRetentionAt(reader)) : null,
        Encryption = reader.GetBoolean(9) ? EncryptionAt(reader) : null,
    };

    private static BucketEncryption EncryptionAt(SqliteDataReader reader) => new()
    {
        Default = reader.IsDBNull(10)
            ? null
            : new ObjectEncryption(EncryptionNames.FromStored(reader.GetString(10)))
            {
                KmsKeyId = reader.IsDBNull(11) ? null : reader.GetString(11),
            },
        BucketKeyEnabled = reader.GetBoolean(12),
        SseCBlocked = reader.GetBoolean(13),
    };

    private static DefaultRetention? DefaultRetentionAt(SqliteDataReader reader)
    {
        if (reader.IsDBNull(6))
        {
            return null;
        }

        var mode = RetentionModeNames.FromStored(reader.GetString(6));
        return reader.IsDBNull(7) ? DefaultRetention.ForYears(mode, reader.GetInt32(8)) : DefaultRetention.ForDays(mode, reader.GetInt32(7));
    }
}
