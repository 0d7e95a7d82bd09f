using Coffer.Engine.Storage;

using Npgsql;

namespace Coffer.Engine.Postgres;

/// <summary>
/// The listings: pages of latest versions (ListObjects), of every version (ListObjectVersions), with or without common
/// prefixes. Keys are bytea and a prefix is the range <c>key &gt;= prefix AND key &lt; successor(prefix)</c> (never LIKE,
/// whose meaning depends on the collation), so each page is an index range seek whose cost follows the page.
/// </summary>
internal static class ListingQueries
{
    /// <summary>Every UTF-8 key sorts before this byte, so it bounds a range that has no upper bound.</summary>
    public static readonly byte[] PastEveryKey = [0xFF];

    /// <summary>The length in bytes of the common prefix <c>wkey</c> lies under ($4: the prefix's length + 1, $5: the delimiter), 0 when none.</summary>
    private const string PrefixLength =
        "CASE WHEN position($5 IN substring(wkey FROM $4)) > 0 THEN $4 - 1 + position($5 IN substring(wkey FROM $4)) + length($5) - 1 ELSE 0 END";

    /// <summary>A page of latest versions that are not delete markers, in key order.</summary>
    public static Query<VersionRow> Latest(string bucket, KeyRange range, int limit) => VersionRows.Versions(
        VersionRows.Select(
            "SELECT * FROM object_versions WHERE bucket = $1 AND is_latest AND NOT is_delete_marker " +
            $"AND key {(range.FromInclusive ? ">=" : ">")} $2 AND key < $3 ORDER BY key LIMIT $4",
            "v.key, s.seq"),
        bucket,
        [bucket, range.From, range.Before ?? PastEveryKey, limit]);

    /// <summary>
    /// A page of latest versions and common prefixes, as one statement (so one snapshot): a recursive walk that seeks from
    /// each key to the next, jumping past a whole common prefix when the key lies under one, then a join of the keys not
    /// under one to their rows. A common prefix so costs one index seek, however many keys it holds. One statement
    /// rather than a loop of seeks from here: each seek would be a round trip to the database (another machine, for
    /// several nodes), a thousand of them for a page of prefixes.
    /// </summary>
    public static Query<VersionRow> Grouped(string bucket, KeyRange range, int prefixLength, byte[] delimiter, int limit) => new(
        Walk(range.FromInclusive, "is_latest AND NOT is_delete_marker") +
        $"SELECT p.prefix_length, p.wkey, {VersionRows.Columns}, {VersionRows.SegmentColumns}, NULL::bytea FROM page AS p " +
        "LEFT JOIN object_versions AS v ON p.prefix_length = 0 AND v.bucket = $1 AND v.key = p.wkey AND v.is_latest " +
        "LEFT JOIN version_blobs AS s ON s.version_row = v.id ORDER BY p.n, s.seq",
        [bucket, range.From, range.Before ?? PastEveryKey, prefixLength + 1, delimiter, limit],
        WalkRowReader(bucket));

    /// <summary>
    /// The versions of one key stored before the one with <paramref name="versionId"/>, newest first: a forward walk of
    /// object_versions_by_key (seq descending) inside the key. None when the key has no such version any more.
    /// </summary>
    public static Query<VersionRow> Older(string bucket, byte[] key, string versionId, int limit) => VersionRows.Versions(
        VersionRows.Select(
            "SELECT * FROM object_versions WHERE bucket = $1 AND key = $2 " +
            "AND seq < (SELECT seq FROM object_versions WHERE bucket = $1 AND key = $2 AND version_id = $3) ORDER BY seq DESC LIMIT $4",
            "v.seq DESC, s.seq"),
        bucket,
        [bucket, key, versionId, limit]);

    /// <summary>Every version in the range, by key then newest first: object_versions_by_key's own order, so no sort.</summary>
    public static Query<VersionRow> Versions(string bucket, KeyRange range, int limit) => VersionRows.Versions(
        VersionRows.Select(
            $"SELECT * FROM object_versions WHERE bucket = $1 AND key {(range.FromInclusive ? ">=" : ">")} $2 AND key < $3 ORDER BY key, seq DESC LIMIT $4",
            "v.key, v.seq DESC, s.seq"),
        bucket,
        [bucket, range.From, range.Before ?? PastEveryKey, limit]);

    /// <summary>
    /// Every version and common prefix in the range: the walk of <see cref="Grouped"/> over keys that have any version
    /// (one seek passes all of a key's versions), then each key's versions, newest first, at most a page of them. The
    /// rows are then at most a page of keys times a page of versions, whatever the bucket holds; the caller keeps a page.
    /// </summary>
    public static Query<VersionRow> GroupedVersions(string bucket, KeyRange range, int prefixLength, byte[] delimiter, int limit) => new(
        Walk(range.FromInclusive, "true") +
        $"SELECT p.prefix_length, p.wkey, {VersionRows.Columns}, {VersionRows.SegmentColumns}, NULL::bytea FROM page AS p " +
        "LEFT JOIN LATERAL (SELECT * FROM object_versions AS o WHERE p.prefix_length = 0 AND o.bucket = $1 AND o.key = p.wkey " +
        "ORDER BY o.seq DESC LIMIT $6) AS v ON true " +
        "LEFT JOIN version_blobs AS s ON s.version_row = v.id ORDER BY p.n, v.seq DESC, s.seq",
        [bucket, range.From, range.Before ?? PastEveryKey, prefixLength + 1, delimiter, limit],
        WalkRowReader(bucket));

    /// <summary>
    /// The common tables <c>walk(n, wkey)</c> and <c>page(n, wkey, prefix_length)</c>: at most $6 keys of the rows that
    /// meet <paramref name="condition"/>, in order, each the first after the one before it, or after that one's common
    /// prefix followed by 0xFF when it lies under one ($2, $3: the range). position, substring and length count bytes
    /// on bytea; UTF-8 being self-synchronizing, the delimiter's bytes occur in a key's exactly where the delimiter does.
    /// </summary>
    private static string Walk(bool fromInclusive, string condition)
    {
        var next = $"SELECT key FROM object_versions WHERE bucket = $1 AND {condition} AND key < $3 AND key ";
        return "WITH RECURSIVE walk(n, wkey) AS (" +
            $"SELECT 0, ({next}{(fromInclusive ? ">=" : ">")} $2 ORDER BY key LIMIT 1) " +
            $"UNION ALL SELECT n + 1, ({next}> CASE WHEN {PrefixLength} > 0 THEN substring(wkey FROM 1 FOR {PrefixLength}) || '\\xff'::bytea " +
            "ELSE wkey END ORDER BY key LIMIT 1) FROM walk WHERE wkey IS NOT NULL AND n + 1 < $6), " +
            $"page AS (SELECT n, wkey, {PrefixLength} AS prefix_length FROM walk WHERE wkey IS NOT NULL) ";
    }

    /// <summary>Reads a walk's rows: a common prefix, or a version row whose columns follow the walk's two.</summary>
    private static Func<NpgsqlDataReader, VersionRow> WalkRowReader(string bucket)
    {
        var versions = new VersionRowReader(bucket, 2);
        return reader =>
        {
            var length = reader.GetInt32(0);
            return length > 0
                ? new VersionRow(0, null, null, KeyBytes.Decode(reader.GetFieldValue<byte[]>(1)[..length]))
                : versions.Read(reader);
        };
    }
}
