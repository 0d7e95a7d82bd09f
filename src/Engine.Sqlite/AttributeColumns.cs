using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// The columns a version and an upload both keep for tags, retention and legal hold (schema step 9) and encryption
/// (steps 10, 13 and 14), bound and read in one place. The stored words are part of the database format.
/// </summary>
internal static class AttributeColumns
{
    /// <summary>The columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Names = "tags, retention_mode, retain_until, legal_hold, encryption, kms_key_id, kms_context, bucket_key, customer_key_check";

    /// <summary>How many columns <see cref="Names"/> holds.</summary>
    public const int Count = 9;

    public const string Parameters = "$tags, $retention_mode, $retain_until, $legal_hold, $encryption, $kms_key_id, $kms_context, $bucket_key, $customer_key_check";

    public static void Bind(SqliteParameterCollection parameters, ObjectAttributes attributes)
    {
        parameters.AddWithValue("$tags", (object?)TagsDocument.ToStored(attributes.Tags) ?? DBNull.Value);
        parameters.AddWithValue("$retention_mode", attributes.Retention is { } retention ? RetentionModeNames.ToStored(retention.Mode) : DBNull.Value);
        parameters.AddWithValue("$retain_until", attributes.Retention is { } until ? until.RetainUntil.ToUnixTimeMilliseconds() : DBNull.Value);
        parameters.AddWithValue("$legal_hold", attributes.LegalHold == LegalHoldStatus.On);
        var encryption = attributes.Encryption;
        parameters.AddWithValue("$encryption", encryption is not null ? EncryptionNames.ToStored(encryption.Kind) : DBNull.Value);
        parameters.AddWithValue("$kms_key_id", (object?)encryption?.KmsKeyId ?? DBNull.Value);
        parameters.AddWithValue("$kms_context", (object?)encryption?.KmsContext ?? DBNull.Value);
        parameters.AddWithValue("$bucket_key", encryption?.BucketKeyEnabled ?? false);
        parameters.AddWithValue("$customer_key_check", (object?)encryption?.CustomerKeyCheck ?? DBNull.Value);
    }

    /// <summary>Reads the columns starting at <paramref name="first"/> onto <paramref name="attributes"/>.</summary>
    public static ObjectAttributes Read(SqliteDataReader reader, int first, ObjectAttributes attributes) => attributes with
    {
        Tags = reader.IsDBNull(first) ? TagSet.Empty : TagsDocument.FromStored(reader.GetString(first)),
        Retention = RetentionAt(reader, first + 1),
        LegalHold = reader.GetBoolean(first + 3) ? LegalHoldStatus.On : LegalHoldStatus.Off,
        Encryption = reader.IsDBNull(first + 4) ? null : new ObjectEncryption(EncryptionNames.FromStored(reader.GetString(first + 4)))
        {
            KmsKeyId = reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5),
            KmsContext = reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
            BucketKeyEnabled = reader.GetBoolean(first + 7),
            CustomerKeyCheck = reader.IsDBNull(first + 8) ? null : (byte[])reader.GetValue(first + 8),
        },
    };

    public static ObjectRetention? RetentionAt(SqliteDataReader reader, int modeColumn) =>
        reader.IsDBNull(modeColumn)
            ? null
            : new ObjectRetention(RetentionModeNames.FromStored(reader.GetString(modeColumn)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(modeColumn + 1)));
}
