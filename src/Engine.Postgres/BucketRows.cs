using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>The SQL for <c>buckets</c> and <c>bucket_settings</c>.</summary>
internal static class BucketRows
{
    // The configuration every write obeys, typed columns (as on SQLite) so that a key transaction reads them at once.
    private const string Columns =
        "name, region, owner, created_at, versioning, lock_enabled, lock_mode, lock_days, lock_years, " +
        "encryption_configured, encryption_default, encryption_kms_key_id, encryption_bucket_key, encryption_blocks_sse_c";

    public static bool Insert(NpgsqlConnection connection, BucketInfo bucket) =>
        Sql.Execute(
            connection,
            $"INSERT INTO buckets ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (name) DO NOTHING",
            [bucket.Name, bucket.Region, bucket.Owner, bucket.CreatedAt.Millis(), .. Configuration(bucket)]) == 1;

    public static Query<BucketInfo> Find(string name) => new($"SELECT {Columns} FROM buckets WHERE name = $1", [name], Read);

    /// <summary>Every bucket by name; COLLATE "C" on the column makes that S3's ordinal order whatever the database's locale.</summary>
    public static Query<BucketInfo> All() => new($"SELECT {Columns} FROM buckets ORDER BY name", [], Read);

    public static bool Exists(NpgsqlConnection connection, string name) =>
        new Query<bool>("SELECT EXISTS (SELECT 1 FROM buckets WHERE name = $1)", [name], reader => reader.GetBoolean(0)).First(connection);

    /// <summary>Any version at all, older ones and delete markers included: they keep a bucket non-empty, as in S3.</summary>
    public static bool HasVersions(NpgsqlConnection connection, string name) =>
        new Query<bool>("SELECT EXISTS (SELECT 1 FROM object_versions WHERE bucket = $1)", [name], reader => reader.GetBoolean(0)).First(connection);

    /// <summary>Deletes the bucket's settings, then its row (settings have no ON DELETE CASCADE, as on SQLite).</summary>
    public static void Delete(NpgsqlConnection connection, string name)
    {
        Sql.Execute(connection, "DELETE FROM bucket_settings WHERE bucket = $1", name);
        Sql.Execute(connection, "DELETE FROM buckets WHERE name = $1", name);
    }

    /// <summary>Stores the versioning state, object lock and encryption; name, region, owner and creation never change.</summary>
    public static void UpdateConfiguration(NpgsqlConnection connection, BucketInfo bucket) =>
        Sql.Execute(
            connection,
            "UPDATE buckets SET versioning = $2, lock_enabled = $3, lock_mode = $4, lock_days = $5, lock_years = $6, " +
            "encryption_configured = $7, encryption_default = $8, encryption_kms_key_id = $9, encryption_bucket_key = $10, " +
            "encryption_blocks_sse_c = $11 WHERE name = $1",
            [bucket.Name, .. Configuration(bucket)]);

    public static Query<string> FindSetting(string bucket, string name) =>
        new("SELECT document FROM bucket_settings WHERE bucket = $1 AND name = $2", [bucket, name], reader => reader.GetString(0));

    public static void PutSetting(NpgsqlConnection connection, string bucket, string name, string document) =>
        Sql.Execute(
            connection,
            "INSERT INTO bucket_settings (bucket, name, document) VALUES ($1, $2, $3) ON CONFLICT (bucket, name) DO UPDATE SET document = excluded.document",
            bucket,
            name,
            document);

    public static void DeleteSetting(NpgsqlConnection connection, string bucket, string name) =>
        Sql.Execute(connection, "DELETE FROM bucket_settings WHERE bucket = $1 AND name = $2", bucket, name);

    private static object?[] Configuration(BucketInfo bucket)
    {
        var defaults = bucket.ObjectLock?.DefaultRetention;
        var encryption = bucket.Encryption;
        return
        [
            bucket.Versioning switch
            {
                BucketVersioning.Enabled => "Enabled",
                BucketVersioning.Suspended => "Suspended",
                _ => null,
            },
            bucket.ObjectLock is not null,
            defaults is null ? null : RetentionModeNames.ToStored(defaults.Mode),
            defaults?.Days,
            defaults?.Years,
            encryption is not null,
            encryption?.Default is { } method ? EncryptionNames.ToStored(method.Kind) : null,
            encryption?.Default?.KmsKeyId,
            encryption?.BucketKeyEnabled ?? false,
            encryption?.SseCBlocked ?? false,
        ];
    }

    private static BucketInfo Read(NpgsqlDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.Time(3))
    {
        Versioning = reader.TextOrNull(4) switch
        {
            null => BucketVersioning.Unversioned,
            "Enabled" => BucketVersioning.Enabled,
            _ => BucketVersioning.Suspended,
        },
        ObjectLock = reader.GetBoolean(5) ? new ObjectLockConfiguration(LockDefaults(reader)) : null,
        Encryption = reader.GetBoolean(9)
            ? new BucketEncryption
            {
                Default = reader.TextOrNull(10) is { } method
                    ? new ObjectEncryption(EncryptionNames.FromStored(method)) { KmsKeyId = reader.TextOrNull(11) }
                    : null,
                BucketKeyEnabled = reader.GetBoolean(12),
                SseCBlocked = reader.GetBoolean(13),
            }
            : null,
    };

    private static DefaultRetention? LockDefaults(NpgsqlDataReader reader)
    {
        if (reader.TextOrNull(6) is not { } stored)
        {
            return null;
        }

        var mode = RetentionModeNames.FromStored(stored);
        return reader.Int32OrNull(7) is { } days ? DefaultRetention.ForDays(mode, days) : DefaultRetention.ForYears(mode, reader.GetInt32(8));
    }
}
