namespace Coffer.Engine.Sqlite;

/// <summary>
/// The schema, as ordered steps: step <c>i</c> takes <c>PRAGMA user_version</c> from <c>i</c> to
/// <c>i + 1</c>. A step that has shipped is never edited; a change is a new step at the end.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<string> Steps = [InitialSchema, MultipartUploads, MultipartChecksums, BucketSettings, Identity, Acls, InlineBlobs, ContentChecksums, Versioning, Sealing, KeyService, BucketEncryption, KmsEncryption, CustomerKeys, ArchiveRestores, CopiedSealedBlobs, IntelligentTiering];

    // Notes on the choices below:
    // - STRICT tables reject a value of the wrong type instead of converting it. That matters
    //   most for object_versions.key: a key bound as TEXT would sort apart from every BLOB key.
    // - key is the key's UTF-8 bytes as a BLOB, so SQLite compares keys with memcmp, which is
    //   the byte order S3 lists keys in.
    // - Times are unix milliseconds.
    // - object_versions holds any number of versions per key from the start; the partial unique
    //   index both guarantees one latest version per key and is the index every listing seeks.
    // - version_blobs.version_row is object_versions.id (the row), not the S3 version id.
    // - version_blobs_by_blob answers "does any version still reference this blob?", asked for
    //   every blob a commit or delete lets go of.
    private const string InitialSchema = """
        CREATE TABLE buckets (
            name        TEXT    NOT NULL PRIMARY KEY,
            region      TEXT    NOT NULL,
            owner       TEXT    NOT NULL,
            created_at  INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE object_versions (
            id                  INTEGER PRIMARY KEY,
            bucket              TEXT    NOT NULL REFERENCES buckets (name),
            key                 BLOB    NOT NULL,
            version_id          TEXT    NOT NULL,
            is_latest           INTEGER NOT NULL,
            is_delete_marker    INTEGER NOT NULL,
            size                INTEGER NOT NULL,
            etag                TEXT    NOT NULL,
            last_modified       INTEGER NOT NULL,
            storage_class       TEXT    NOT NULL,
            headers             TEXT    NOT NULL,
            checksum_algorithm  TEXT,
            checksum_value      TEXT,
            owner               TEXT    NOT NULL
        ) STRICT;

        CREATE UNIQUE INDEX object_versions_by_version ON object_versions (bucket, key, version_id);

        CREATE UNIQUE INDEX object_versions_latest ON object_versions (bucket, key) WHERE is_latest = 1;

        CREATE TABLE version_blobs (
            version_row  INTEGER NOT NULL REFERENCES object_versions (id) ON DELETE CASCADE,
            seq          INTEGER NOT NULL,
            blob_id      TEXT    NOT NULL,
            length       INTEGER NOT NULL,
            PRIMARY KEY (version_row, seq)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX version_blobs_by_blob ON version_blobs (blob_id);

        CREATE TABLE pending_blob_deletions (
            blob_id    TEXT    NOT NULL PRIMARY KEY,
            queued_at  INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """;

    // Multipart uploads (step 2):
    // - uploads_by_key serves both the lookup of one upload (S3 requests name bucket, key and
    //   upload id together, so an id used with another key is simply not found) and
    //   ListMultipartUploads, which S3 orders by key, then upload id.
    // - uploads_by_initiated lets the sweep of abandoned uploads read the oldest first.
    // - A part's blob belongs to the part alone until completion moves it to version_blobs;
    //   upload_parts_by_blob answers the orphan sweep's "is this blob known?".
    // - checksum_type is S3's name (COMPOSITE or FULL_OBJECT), for the same reason as
    //   checksum_algorithm.
    private const string MultipartUploads = """
        CREATE TABLE uploads (
            id                  INTEGER PRIMARY KEY,
            bucket              TEXT    NOT NULL REFERENCES buckets (name),
            key                 BLOB    NOT NULL,
            upload_id           TEXT    NOT NULL,
            initiated           INTEGER NOT NULL,
            storage_class       TEXT    NOT NULL,
            headers             TEXT    NOT NULL,
            checksum_algorithm  TEXT,
            checksum_type       TEXT,
            owner               TEXT    NOT NULL
        ) STRICT;

        CREATE UNIQUE INDEX uploads_by_key ON uploads (bucket, key, upload_id);

        CREATE INDEX uploads_by_initiated ON uploads (initiated);

        CREATE TABLE upload_parts (
            upload_row          INTEGER NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
            part_number         INTEGER NOT NULL,
            blob_id             TEXT    NOT NULL,
            size                INTEGER NOT NULL,
            etag                TEXT    NOT NULL,
            last_modified       INTEGER NOT NULL,
            checksum_algorithm  TEXT,
            checksum_value      TEXT,
            PRIMARY KEY (upload_row, part_number)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX upload_parts_by_blob ON upload_parts (blob_id);
        """;

    // Checksums of multipart objects (step 3):
    // - object_versions.checksum_type is S3's name; NULL reads as FULL_OBJECT, which is what
    //   every checksum stored before this step was (single PUTs).
    // - version_blobs keeps each part's checksum, for GetObject with partNumber and
    //   GetObjectAttributes; a part's segment is the part.
    // - object_versions.upload_id names the multipart upload a version completed, so that a
    //   repeated CompleteMultipartUpload of it is answered with the version, as S3 answers it.
    // - upload_parts.default_crc64nvme is a part's CRC64NVME when its checksum is of another
    //   algorithm in an upload created without one; the object's default checksum needs it.
    private const string MultipartChecksums = """
        ALTER TABLE object_versions ADD COLUMN checksum_type TEXT;

        ALTER TABLE object_versions ADD COLUMN upload_id TEXT;

        ALTER TABLE version_blobs ADD COLUMN checksum_algorithm TEXT;

        ALTER TABLE version_blobs ADD COLUMN checksum_value TEXT;

        ALTER TABLE upload_parts ADD COLUMN default_crc64nvme TEXT;
        """;

    // Bucket settings (step 4):
    // - One row per bucket and setting ("cors"; later policy, ACL...), the document as text: the
    //   layers above validate and parse it, the store only keeps it.
    // - No ON DELETE CASCADE: DeleteBucket removes a bucket's settings itself, in its transaction,
    //   and the foreign key makes forgetting to do so fail instead of leaving rows behind.
    private const string BucketSettings = """
        CREATE TABLE bucket_settings (
            bucket    TEXT NOT NULL REFERENCES buckets (name),
            name      TEXT NOT NULL,
            document  TEXT NOT NULL,
            PRIMARY KEY (bucket, name)
        ) STRICT, WITHOUT ROWID;
        """;

    // IAM (step 5):
    // - Names compare without regard to case (COLLATE NOCASE), as IAM compares them; IAM names
    //   are ASCII, which is all NOCASE folds.
    // - iam_principals holds users, groups and roles alike (kind is user, group or role); the
    //   trust policy and session limit are a role's.
    // - A secret access key is stored only sealed with AES-GCM under a key outside the database.
    // - Rows that name a principal or a policy are not foreign keys: IAM refuses to delete what
    //   is still referenced (DeleteConflict), and the store checks that in the transaction.
    private const string Identity = """
        CREATE TABLE iam_principals (
            kind                 TEXT    NOT NULL,
            name                 TEXT    NOT NULL COLLATE NOCASE,
            id                   TEXT    NOT NULL UNIQUE,
            path                 TEXT    NOT NULL,
            created_at           INTEGER NOT NULL,
            trust_policy         TEXT,
            max_session_seconds  INTEGER,
            PRIMARY KEY (kind, name)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE iam_access_keys (
            access_key_id  TEXT    NOT NULL PRIMARY KEY,
            user_name      TEXT    NOT NULL COLLATE NOCASE,
            sealed_secret  BLOB    NOT NULL,
            active         INTEGER NOT NULL,
            created_at     INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX iam_access_keys_by_user ON iam_access_keys (user_name);

        CREATE TABLE iam_inline_policies (
            kind         TEXT NOT NULL,
            principal    TEXT NOT NULL COLLATE NOCASE,
            policy_name  TEXT NOT NULL COLLATE NOCASE,
            document     TEXT NOT NULL,
            PRIMARY KEY (kind, principal, policy_name)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE iam_managed_policies (
            arn          TEXT    NOT NULL PRIMARY KEY,
            name         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
            id           TEXT    NOT NULL,
            path         TEXT    NOT NULL,
            document     TEXT    NOT NULL,
            description  TEXT,
            created_at   INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE iam_attachments (
            kind        TEXT NOT NULL,
            principal   TEXT NOT NULL COLLATE NOCASE,
            policy_arn  TEXT NOT NULL,
            PRIMARY KEY (kind, principal, policy_arn)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX iam_attachments_by_policy ON iam_attachments (policy_arn);

        CREATE TABLE iam_group_members (
            group_name  TEXT NOT NULL COLLATE NOCASE,
            user_name   TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (group_name, user_name)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX iam_group_members_by_user ON iam_group_members (user_name);
        """;

    // Step 6: access control lists. Null is the default ACL (the owner has full control), which
    // is what every version and upload stored before this step had. An upload's ACL is fixed at
    // creation and carried onto the object its completion makes.
    private const string Acls = """
        ALTER TABLE object_versions ADD COLUMN acl TEXT;
        ALTER TABLE uploads ADD COLUMN acl TEXT;
        """;

    // Step 7: the content of small objects, kept in the database instead of a blob file (see
    // InlineObjects in the engine). A row is a blob like any other to version_blobs, which
    // references it by id and counts its references the same way; only its bytes live here, and
    // it is deleted in the transaction that releases its last reference, never queued.
    private const string InlineBlobs = """
        CREATE TABLE inline_blobs (
            blob_id  TEXT NOT NULL PRIMARY KEY,
            content  BLOB NOT NULL
        ) STRICT;
        """;

    // Step 8: each blob's CRC64NVME over its whole content, taken while it was written, so that
    // full reads and the scrubber can detect bitrot. It is kept on every row that references a
    // blob (a part's row, then the segment row its completion moves it to; a copy's segment rows
    // copy it with the blob id), so no lookup by blob is needed. The 64 bits are stored as a
    // signed INTEGER (same bits). NULL: written before this step, so unverifiable, not corrupt.
    private const string ContentChecksums = """
        ALTER TABLE version_blobs ADD COLUMN content_crc64nvme INTEGER;
        ALTER TABLE upload_parts ADD COLUMN content_crc64nvme INTEGER;
        """;

    // Step 9: versioning, object lock and tags.
    // - buckets.versioning is NULL (never enabled), 'Enabled' or 'Suspended'; the lock columns are the bucket's
    //   object lock (lock_enabled) and its default retention, if any (mode with days or years). Typed columns, not a
    //   document: every write reads them inside its transaction.
    // - Each version and each upload keeps its tags (JSON, [[key, value], ...], NULL for none), its retention (mode
    //   and end, unix ms) and its legal hold.
    // - object_versions_by_key orders a key's versions by row id, which is the order they were stored in: the newest
    //   version is the one with the greatest id, for promoting a version when the current one is deleted, and for
    //   ListObjectVersions, which lists a key's versions newest first.
    private const string Versioning = """
        ALTER TABLE buckets ADD COLUMN versioning TEXT;
        ALTER TABLE buckets ADD COLUMN lock_enabled INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE buckets ADD COLUMN lock_mode TEXT;
        ALTER TABLE buckets ADD COLUMN lock_days INTEGER;
        ALTER TABLE buckets ADD COLUMN lock_years INTEGER;

        ALTER TABLE object_versions ADD COLUMN tags TEXT;
        ALTER TABLE object_versions ADD COLUMN retention_mode TEXT;
        ALTER TABLE object_versions ADD COLUMN retain_until INTEGER;
        ALTER TABLE object_versions ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;

        ALTER TABLE uploads ADD COLUMN tags TEXT;
        ALTER TABLE uploads ADD COLUMN retention_mode TEXT;
        ALTER TABLE uploads ADD COLUMN retain_until INTEGER;
        ALTER TABLE uploads ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;

        CREATE INDEX object_versions_by_key ON object_versions (bucket, key, id);
        """;

    // Step 10: encryption at rest. A sealed blob's own data key, wrapped (docs/encryption-format.md), on every row that
    // references the blob, as content_crc64nvme is (a part's row, then its segment row; a copy's rows copy it). NULL: a
    // blob stored in plaintext.
    // object_versions.encryption and uploads.encryption say how the object is encrypted ('AES256' for SSE-S3), what GET
    // and HEAD answer, even for an empty object that has no blob; NULL: not encrypted.
    private const string Sealing = """
        ALTER TABLE object_versions ADD COLUMN encryption TEXT;
        ALTER TABLE uploads ADD COLUMN encryption TEXT;
        ALTER TABLE version_blobs ADD COLUMN sealed_key BLOB;
        ALTER TABLE upload_parts ADD COLUMN sealed_key BLOB;
        """;

    // Step 11: the key service's keys, their material (one row per version, wrapped by the master key) and aliases.
    // Key ids are GUIDs in lower-case text; aliases name one key each and go with it when it is deleted.
    private const string KeyService = """
        CREATE TABLE kms_keys (
            id                    TEXT    NOT NULL PRIMARY KEY,
            description           TEXT    NOT NULL,
            state                 TEXT    NOT NULL,
            manager               TEXT    NOT NULL,
            created_at            INTEGER NOT NULL,
            deletion_date         INTEGER,
            pending_window_days   INTEGER,
            rotation_period_days  INTEGER,
            rotated_at            INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE kms_key_material (
            key_id      TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            wrapped     BLOB    NOT NULL,
            created_at  INTEGER NOT NULL,
            PRIMARY KEY (key_id, version)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE kms_aliases (
            name        TEXT    NOT NULL PRIMARY KEY,
            key_id      TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX kms_aliases_by_key ON kms_aliases (key_id, name);
        """;

    // Step 12: the bucket's encryption configuration (PutBucketEncryption), in typed columns beside versioning and
    // object lock, since every write reads it. encryption_configured tells "no configuration" (GetBucketEncryption's
    // 404) from one that sets no default (only blocking SSE-C, say). encryption_default is 'AES256' or NULL (objects
    // stored as written); encryption_kms_key_id stays NULL until SSE-KMS defaults are built.
    private const string BucketEncryption = """
        ALTER TABLE buckets ADD COLUMN encryption_configured INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE buckets ADD COLUMN encryption_default TEXT;
        ALTER TABLE buckets ADD COLUMN encryption_kms_key_id TEXT;
        ALTER TABLE buckets ADD COLUMN encryption_bucket_key INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE buckets ADD COLUMN encryption_blocks_sse_c INTEGER NOT NULL DEFAULT 0;
        """;

    // Step 13: SSE-KMS on versions and uploads: the key's ARN, the encryption context the client gave (JSON), and
    // whether it asked for an S3 Bucket Key. NULL and 0 for SSE-S3 and for plaintext.
    private const string KmsEncryption = """
        ALTER TABLE object_versions ADD COLUMN kms_key_id TEXT;
        ALTER TABLE object_versions ADD COLUMN kms_context TEXT;
        ALTER TABLE object_versions ADD COLUMN bucket_key INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE uploads ADD COLUMN kms_key_id TEXT;
        ALTER TABLE uploads ADD COLUMN kms_context TEXT;
        ALTER TABLE uploads ADD COLUMN bucket_key INTEGER NOT NULL DEFAULT 0;
        """;

    // Step 14: SSE-C on versions and uploads: the check of the customer's key (a salt and an HMAC under the key), never
    // the key. NULL for every other encryption and for plaintext.
    private const string CustomerKeys = """
        ALTER TABLE object_versions ADD COLUMN customer_key_check BLOB;
        ALTER TABLE uploads ADD COLUMN customer_key_check BLOB;
        """;

    // Step 15: restores of archived versions (RestoreObject). The restore columns are all NULL when none was asked;
    // restore_expires_at is NULL while one is ongoing. object_versions_restores lets the restore worker find, in time
    // order, the restores whose copy is due or whose copy has expired, without reading every version. restored_blobs
    // holds the main-store copies of an archive kept in a tier, one per segment; they count as references, as
    // version_blobs do.
    private const string ArchiveRestores = """
        ALTER TABLE object_versions ADD COLUMN restore_requested_at INTEGER;
        ALTER TABLE object_versions ADD COLUMN restore_days INTEGER;
        ALTER TABLE object_versions ADD COLUMN restore_tier TEXT;
        ALTER TABLE object_versions ADD COLUMN restore_ready_at INTEGER;
        ALTER TABLE object_versions ADD COLUMN restore_expires_at INTEGER;
        CREATE INDEX object_versions_restores ON object_versions (coalesce(restore_expires_at, restore_ready_at))
            WHERE restore_requested_at IS NOT NULL;

        CREATE TABLE restored_blobs (
            version_row  INTEGER NOT NULL REFERENCES object_versions (id) ON DELETE CASCADE,
            seq          INTEGER NOT NULL,
            blob_id      TEXT    NOT NULL,
            PRIMARY KEY (version_row, seq)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX restored_blobs_by_blob ON restored_blobs (blob_id);
        """;

    // Step 16: the id a sealed blob was sealed as, when a transition or a restore copied its bytes into a blob with
    // another id (docs/encryption-format.md). NULL for every blob sealed under its own id, so all rows written before.
    private const string CopiedSealedBlobs = """
        ALTER TABLE version_blobs ADD COLUMN sealed_as TEXT;
        """;

    // Step 17: the Intelligent-Tiering state of INTELLIGENT_TIERING versions: the access tier and when an access was last
    // recorded (milliseconds). Both NULL until the engine first moves the version or records an access: the Frequent
    // tier, last accessed when written. The day pass pages versions by key, so no index is needed.
    private const string IntelligentTiering = """
        ALTER TABLE object_versions ADD COLUMN access_tier TEXT;
        ALTER TABLE object_versions ADD COLUMN last_accessed_at INTEGER;
        """;
}
