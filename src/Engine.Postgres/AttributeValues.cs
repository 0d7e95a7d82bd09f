using Coffer.Engine.Model;
using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The columns a version and an upload both keep for tags, retention, legal hold and encryption, as values in
/// <see cref="Names"/>'s order and read back from a row. The stored words are those of SQLite's rows (Engine/Storage).
/// </summary>
internal static class AttributeValues
{
    public const string Names = "tags, retention_mode, retain_until, legal_hold, encryption, kms_key_id, kms_context, bucket_key, customer_key_check";

    public const int Count = 9;

    public static object?[] Of(ObjectAttributes attributes)
    {
        var retention = attributes.Retention;
        var encryption = attributes.Encryption;
        return
        [
            TagsDocument.ToStored(attributes.Tags),
            retention is null ? null : RetentionModeNames.ToStored(retention.Mode),
            retention?.RetainUntil.Millis(),
            attributes.LegalHold == LegalHoldStatus.On,
            encryption is null ? null : EncryptionNames.ToStored(encryption.Kind),
            encryption?.KmsKeyId,
            encryption?.KmsContext,
            encryption?.BucketKeyEnabled ?? false,
            encryption?.CustomerKeyCheck,
        ];
    }

    /// <summary>The attributes read from the <see cref="Names"/> columns starting at <paramref name="first"/>, onto <paramref name="attributes"/>.</summary>
    public static ObjectAttributes Read(NpgsqlDataReader reader, int first, ObjectAttributes attributes) => attributes with
    {
        Tags = reader.TextOrNull(first) is { } tags ? TagsDocument.FromStored(tags) : TagSet.Empty,
        Retention = RetentionAt(reader, first + 1),
        LegalHold = reader.GetBoolean(first + 3) ? LegalHoldStatus.On : LegalHoldStatus.Off,
        Encryption = reader.TextOrNull(first + 4) is { } kind
            ? new ObjectEncryption(EncryptionNames.FromStored(kind))
            {
                KmsKeyId = reader.TextOrNull(first + 5),
                KmsContext = reader.TextOrNull(first + 6),
                BucketKeyEnabled = reader.GetBoolean(first + 7),
                CustomerKeyCheck = reader.BytesOrNull(first + 8),
            }
            : null,
    };

    /// <summary>A retention from its mode column and the end in the column after it.</summary>
    public static ObjectRetention? RetentionAt(NpgsqlDataReader reader, int modeColumn) =>
        reader.TextOrNull(modeColumn) is { } mode ? new ObjectRetention(RetentionModeNames.FromStored(mode), reader.Time(modeColumn + 1)) : null;

    public static ObjectChecksum? ChecksumAt(NpgsqlDataReader reader, int algorithmColumn) =>
        reader.TextOrNull(algorithmColumn) is { } algorithm
            ? new ObjectChecksum(ChecksumAlgorithmNames.FromStored(algorithm), reader.GetString(algorithmColumn + 1))
            : null;
}
