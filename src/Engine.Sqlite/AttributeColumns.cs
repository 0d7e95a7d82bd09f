using System.Text.Json;

using Coffer.Engine.Model;

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
        parameters.AddWithValue("$tags", Tags.ToStored(attributes.Tags));
        parameters.AddWithValue("$retention_mode", attributes.Retention is { } retention ? Modes.ToStored(retention.Mode) : DBNull.Value);
        parameters.AddWithValue("$retain_until", attributes.Retention is { } until ? until.RetainUntil.ToUnixTimeMilliseconds() : DBNull.Value);
        parameters.AddWithValue("$legal_hold", attributes.LegalHold == LegalHoldStatus.On);
        var encryption = attributes.Encryption;
        parameters.AddWithValue("$encryption", encryption is not null ? Encryptions.ToStored(encryption.Kind) : DBNull.Value);
        parameters.AddWithValue("$kms_key_id", (object?)encryption?.KmsKeyId ?? DBNull.Value);
        parameters.AddWithValue("$kms_context", (object?)encryption?.KmsContext ?? DBNull.Value);
        parameters.AddWithValue("$bucket_key", encryption?.BucketKeyEnabled ?? false);
        parameters.AddWithValue("$customer_key_check", (object?)encryption?.CustomerKeyCheck ?? DBNull.Value);
    }

    /// <summary>Reads the columns starting at <paramref name="first"/> onto <paramref name="attributes"/>.</summary>
    public static ObjectAttributes Read(SqliteDataReader reader, int first, ObjectAttributes attributes) => attributes with
    {
        Tags = reader.IsDBNull(first) ? TagSet.Empty : Tags.FromStored(reader.GetString(first)),
        Retention = RetentionAt(reader, first + 1),
        LegalHold = reader.GetBoolean(first + 3) ? LegalHoldStatus.On : LegalHoldStatus.Off,
        Encryption = reader.IsDBNull(first + 4) ? null : new ObjectEncryption(Encryptions.FromStored(reader.GetString(first + 4)))
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
            : new ObjectRetention(Modes.FromStored(reader.GetString(modeColumn)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(modeColumn + 1)));

    public static class Modes
    {
        public static string ToStored(RetentionMode mode) => mode == RetentionMode.Compliance ? "COMPLIANCE" : "GOVERNANCE";

        public static RetentionMode FromStored(string stored) => stored switch
        {
            "COMPLIANCE" => RetentionMode.Compliance,
            "GOVERNANCE" => RetentionMode.Governance,
            _ => throw new InvalidDataException($"Unknown retention mode '{stored}' in the database."),
        };
    }

    public static class Encryptions
    {
        public static string ToStored(ServerSideEncryption encryption) => encryption switch
        {
            ServerSideEncryption.SseS3 => "AES256",
            ServerSideEncryption.SseKms => "aws:kms",
            ServerSideEncryption.DsseKms => "aws:kms:dsse",
            ServerSideEncryption.SseC => "SSE-C",
            _ => throw new ArgumentOutOfRangeException(nameof(encryption), encryption, "Not storable."),
        };

        public static ServerSideEncryption FromStored(string stored) => stored switch
        {
            "AES256" => ServerSideEncryption.SseS3,
            "aws:kms" => ServerSideEncryption.SseKms,
            "aws:kms:dsse" => ServerSideEncryption.DsseKms,
            "SSE-C" => ServerSideEncryption.SseC,
            _ => throw new InvalidDataException($"Unknown encryption '{stored}' in the database."),
        };
    }

    public static class Tags
    {
        public static object ToStored(TagSet tags) =>
            tags.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(tags.Tags.Select(tag => new[] { tag.Key, tag.Value }));

        public static TagSet FromStored(string stored) =>
            TagSet.FromStored([.. JsonSerializer.Deserialize<string[][]>(stored)!.Select(pair => new Tag(pair[0], pair[1]))]);
    }
}
