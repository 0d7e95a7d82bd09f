using Coffer.Engine.Model;
using Coffer.Engine.Storage;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// A page of open uploads in (key, upload id) order: one range seek on <c>uploads_by_key</c>,
/// then a walk of at most <c>limit</c> rows. The position after a given upload is the row value
/// <c>(key, upload_id) &gt; ($from, $after_id)</c>, which SQLite also turns into a seek.
/// </summary>
internal static class UploadListQuery
{
    public enum Start
    {
        /// <summary>key &gt; $from</summary>
        AfterKey,

        /// <summary>key &gt;= $from</summary>
        AtKey,

        /// <summary>(key, upload_id) &gt; ($from, $after_id)</summary>
        AfterUpload,
    }

    private static readonly string[] Texts =
    [
        Text(Start.AfterKey, bounded: false),
        Text(Start.AfterKey, bounded: true),
        Text(Start.AtKey, bounded: false),
        Text(Start.AtKey, bounded: true),
        Text(Start.AfterUpload, bounded: false),
        Text(Start.AfterUpload, bounded: true),
    ];

    /// <summary>The SQL for one shape of range; six texts, each prepared once per connection.</summary>
    public static string For(Start start, bool bounded) => Texts[((int)start * 2) + (bounded ? 1 : 0)];

    public static List<UploadInfo> Run(SqliteSession session, string bucket, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> afterKey, string? afterUploadId, int limit)
    {
        // The prefix and the marker are two lower bounds; KeyRange keeps the larger. The upload
        // id matters only when the marker's key is that bound: a larger prefix already lies
        // past every upload of the marker's key.
        var range = KeyRange.For(afterKey, inclusive: false, prefix);
        var start = range.FromInclusive ? Start.AtKey : afterUploadId is null ? Start.AfterKey : Start.AfterUpload;

        var command = session.Command(For(start, range.Before is not null));
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$from", range.From);
        if (start == Start.AfterUpload)
        {
            command.Parameters.AddWithValue("$after_id", afterUploadId);
        }

        if (range.Before is not null)
        {
            command.Parameters.AddWithValue("$before", range.Before);
        }

        command.Parameters.AddWithValue("$limit", limit);
        return UploadRows.ReadAll(command);
    }

    // $from and $before are bound as BLOBs, as in ScanQuery: they may be any bytes.
    private static string Text(Start start, bool bounded) =>
        $"SELECT {UploadRows.Columns} FROM uploads INDEXED BY uploads_by_key WHERE bucket = $bucket " +
        start switch
        {
            Start.AfterKey => "AND key > $from ",
            Start.AtKey => "AND key >= $from ",
            _ => "AND (key, upload_id) > ($from, $after_id) ",
        } +
        (bounded ? "AND key < $before " : "") +
        "ORDER BY key, upload_id LIMIT $limit;";
}
