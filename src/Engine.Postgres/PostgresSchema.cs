namespace Coffer.Engine.Postgres;

/// <summary>
/// The PostgreSQL schema, as ordered steps: step <c>i</c> takes <c>coffer_schema.version</c> from <c>i</c> to
/// <c>i + 1</c>. A step that has shipped is never edited; a change is a new step at the end. The first step is the
/// whole of what the SQLite schema had grown to by its step 17, in one piece, since no PostgreSQL database existed
/// before it.
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<string> Steps = [Initial, Coordination];

    // Notes on the choices below (the SQLite schema's notes say what each table and column is for):
    // - Keys are bytea, compared byte by byte: S3 lists in UTF-8 byte order. Every other text that is ordered or
    //   compared by a listing (bucket names, version and upload ids, KMS ids) is COLLATE "C", so no locale collation
    //   applies whatever the database's default is.
    // - Times are unix milliseconds in bigint, as on SQLite, so both adapters map them the same way.
    // - Row ids (object_versions.id, uploads.id) are random 63-bit numbers drawn by the adapter, never a sequence: on
    //   CockroachDB and YugabyteDB a sequential primary key sends every insert to one range (a hot spot).
    // - object_versions.seq orders a key's versions in the order they were stored (SQLite uses the row id for this):
    //   one more than the greatest seq the key has, read in the inserting transaction; the unique index
    //   object_versions_by_key refuses the second of two transactions that drew the same one. object_versions_by_key holds seq descending: ListObjectVersions reads keys in ascending
    //   order and each key's versions newest first, which is then one forward walk of the index, never a sort of a
    //   key's versions (a key may have 100,000 of them).
    // - IAM names compare without regard to case: unique indexes on lower(name COLLATE "C"), and every comparison folds
    //   both sides so. IAM names are ASCII; under "C" lower() folds A-Z and nothing else, as SQLite's NOCASE does, where
    //   under a locale (ICU's en-US, say) it would fold non-ASCII too and make "\u212Aey" (a Kelvin sign) equal "key".
    private const string Initial = """
        CREATE TABLE buckets (
            name                     text    COLLATE "C" NOT NULL PRIMARY KEY,
            region                   text    NOT NULL,
            owner                    text    NOT NULL,
            created_at               bigint  NOT NULL,
            versioning               text,
            lock_enabled             boolean NOT NULL DEFAULT false,
            lock_mode                text,
            lock_days                integer,
            lock_years               integer,
            encryption_configured    boolean NOT NULL DEFAULT false,
            encryption_default       text,
            encryption_kms_key_id    text,
            encryption_bucket_key    boolean NOT NULL DEFAULT false,
            encryption_blocks_sse_c  boolean NOT NULL DEFAULT false
        );

        CREATE TABLE bucket_settings (
            bucket    text COLLATE "C" NOT NULL REFERENCES buckets (name),
            name      text COLLATE "C" NOT NULL,
            document  text NOT NULL,
            PRIMARY KEY (bucket, name)
        );

        CREATE TABLE object_versions (
            id                    bigint  NOT NULL PRIMARY KEY,
            bucket                text    COLLATE "C" NOT NULL REFERENCES buckets (name),
            key                   bytea   NOT NULL,
            version_id            text    COLLATE "C" NOT NULL,
            seq                   bigint  NOT NULL,
            is_latest             boolean NOT NULL,
            is_delete_marker      boolean NOT NULL,
            size                  bigint  NOT NULL,
            etag                  text    NOT NULL,
            last_modified         bigint  NOT NULL,
            storage_class         text    NOT NULL,
            headers               text    NOT NULL,
            checksum_algorithm    text,
            checksum_value        text,
            checksum_type         text,
            owner                 text    NOT NULL,
            upload_id             text,
            acl                   text,
            tags                  text,
            retention_mode        text,
            retain_until          bigint,
            legal_hold            boolean NOT NULL DEFAULT false,
            encryption            text,
            kms_key_id            text,
            kms_context           text,
            bucket_key            boolean NOT NULL DEFAULT false,
            customer_key_check    bytea,
            restore_requested_at  bigint,
            restore_days          integer,
            restore_tier          text,
            restore_ready_at      bigint,
            restore_expires_at    bigint,
            access_tier           text,
            last_accessed_at      bigint
        );

        CREATE UNIQUE INDEX object_versions_by_version ON object_versions (bucket, key, version_id);

        CREATE UNIQUE INDEX object_versions_latest ON object_versions (bucket, key) WHERE is_latest;

        CREATE UNIQUE INDEX object_versions_by_key ON object_versions (bucket, key, seq DESC);

        CREATE INDEX object_versions_restores ON object_versions ((coalesce(restore_expires_at, restore_ready_at)))
            WHERE restore_requested_at IS NOT NULL;

        CREATE TABLE version_blobs (
            version_row         bigint NOT NULL REFERENCES object_versions (id) ON DELETE CASCADE,
            seq                 integer NOT NULL,
            blob_id             text   COLLATE "C" NOT NULL,
            length              bigint NOT NULL,
            checksum_algorithm  text,
            checksum_value      text,
            content_crc64nvme   bigint,
            sealed_key          bytea,
            sealed_as           text   COLLATE "C",
            PRIMARY KEY (version_row, seq)
        );

        CREATE INDEX version_blobs_by_blob ON version_blobs (blob_id);

        CREATE TABLE restored_blobs (
            version_row  bigint  NOT NULL REFERENCES object_versions (id) ON DELETE CASCADE,
            seq          integer NOT NULL,
            blob_id      text    COLLATE "C" NOT NULL,
            PRIMARY KEY (version_row, seq)
        );

        CREATE INDEX restored_blobs_by_blob ON restored_blobs (blob_id);

        CREATE TABLE inline_blobs (
            blob_id  text  COLLATE "C" NOT NULL PRIMARY KEY,
            content  bytea NOT NULL
        );

        CREATE TABLE pending_blob_deletions (
            blob_id    text   COLLATE "C" NOT NULL PRIMARY KEY,
            queued_at  bigint NOT NULL
        );

        CREATE TABLE uploads (
            id                  bigint  NOT NULL PRIMARY KEY,
            bucket              text    COLLATE "C" NOT NULL REFERENCES buckets (name),
            key                 bytea   NOT NULL,
            upload_id           text    COLLATE "C" NOT NULL,
            initiated           bigint  NOT NULL,
            storage_class       text    NOT NULL,
            headers             text    NOT NULL,
            checksum_algorithm  text,
            checksum_type       text,
            owner               text    NOT NULL,
            acl                 text,
            tags                text,
            retention_mode      text,
            retain_until        bigint,
            legal_hold          boolean NOT NULL DEFAULT false,
            encryption          text,
            kms_key_id          text,
            kms_context         text,
            bucket_key          boolean NOT NULL DEFAULT false,
            customer_key_check  bytea
        );

        CREATE UNIQUE INDEX uploads_by_key ON uploads (bucket, key, upload_id);

        CREATE INDEX uploads_by_initiated ON uploads (initiated);

        CREATE TABLE upload_parts (
            upload_row          bigint  NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
            part_number         integer NOT NULL,
            blob_id             text    COLLATE "C" NOT NULL,
            size                bigint  NOT NULL,
            etag                text    NOT NULL,
            last_modified       bigint  NOT NULL,
            checksum_algorithm  text,
            checksum_value      text,
            default_crc64nvme   text,
            content_crc64nvme   bigint,
            sealed_key          bytea,
            PRIMARY KEY (upload_row, part_number)
        );

        CREATE INDEX upload_parts_by_blob ON upload_parts (blob_id);

        CREATE TABLE iam_principals (
            kind                 text    NOT NULL,
            name                 text    NOT NULL,
            id                   text    NOT NULL UNIQUE,
            path                 text    COLLATE "C" NOT NULL,
            created_at           bigint  NOT NULL,
            trust_policy         text,
            max_session_seconds  integer,
            PRIMARY KEY (kind, name)
        );

        CREATE UNIQUE INDEX iam_principals_by_folded_name ON iam_principals (kind, lower(name COLLATE "C"));

        CREATE TABLE iam_access_keys (
            access_key_id  text    COLLATE "C" NOT NULL PRIMARY KEY,
            user_name      text    NOT NULL,
            sealed_secret  bytea   NOT NULL,
            active         boolean NOT NULL,
            created_at     bigint  NOT NULL
        );

        CREATE INDEX iam_access_keys_by_user ON iam_access_keys (lower(user_name COLLATE "C"));

        CREATE TABLE iam_inline_policies (
            kind         text NOT NULL,
            principal    text NOT NULL,
            policy_name  text NOT NULL,
            document     text NOT NULL,
            PRIMARY KEY (kind, principal, policy_name)
        );

        CREATE UNIQUE INDEX iam_inline_policies_by_folded_name ON iam_inline_policies (kind, lower(principal COLLATE "C"), lower(policy_name COLLATE "C"));

        CREATE TABLE iam_managed_policies (
            arn          text   COLLATE "C" NOT NULL PRIMARY KEY,
            name         text   NOT NULL,
            id           text   NOT NULL,
            path         text   COLLATE "C" NOT NULL,
            document     text   NOT NULL,
            description  text,
            created_at   bigint NOT NULL
        );

        CREATE UNIQUE INDEX iam_managed_policies_by_folded_name ON iam_managed_policies (lower(name COLLATE "C"));

        CREATE TABLE iam_attachments (
            kind        text NOT NULL,
            principal   text NOT NULL,
            policy_arn  text COLLATE "C" NOT NULL,
            PRIMARY KEY (kind, principal, policy_arn)
        );

        CREATE UNIQUE INDEX iam_attachments_by_folded_name ON iam_attachments (kind, lower(principal COLLATE "C"), policy_arn);

        CREATE INDEX iam_attachments_by_policy ON iam_attachments (policy_arn);

        CREATE TABLE iam_group_members (
            group_name  text NOT NULL,
            user_name   text NOT NULL,
            PRIMARY KEY (group_name, user_name)
        );

        CREATE UNIQUE INDEX iam_group_members_by_folded_name ON iam_group_members (lower(group_name COLLATE "C"), lower(user_name COLLATE "C"));

        CREATE INDEX iam_group_members_by_user ON iam_group_members (lower(user_name COLLATE "C"));

        CREATE TABLE kms_keys (
            id                    text    COLLATE "C" NOT NULL PRIMARY KEY,
            description           text    NOT NULL,
            state                 text    NOT NULL,
            manager               text    NOT NULL,
            created_at            bigint  NOT NULL,
            deletion_date         bigint,
            pending_window_days   integer,
            rotation_period_days  integer,
            rotated_at            bigint  NOT NULL
        );

        CREATE TABLE kms_key_material (
            key_id      text    COLLATE "C" NOT NULL,
            version     integer NOT NULL,
            wrapped     bytea   NOT NULL,
            created_at  bigint  NOT NULL,
            PRIMARY KEY (key_id, version)
        );

        CREATE TABLE kms_aliases (
            name        text   COLLATE "C" NOT NULL PRIMARY KEY,
            key_id      text   COLLATE "C" NOT NULL,
            created_at  bigint NOT NULL,
            updated_at  bigint NOT NULL
        );

        CREATE INDEX kms_aliases_by_key ON kms_aliases (key_id, name);
        """;

    // Step 2: what the nodes of one deployment coordinate through.
    // - coffer_leases: one row per background job; expires_at is the database's own clock (timestamptz, now()), so
    //   nodes whose clocks differ still agree on when a lease ran out.
    // - coffer_changes: one counter per kind of cached state (identity, buckets), bumped by the node that changes it
    //   and polled by every node (see IChangeFeed).
    // - coffer_deployment: the marker of the blob directory the nodes share (see ClaimBlobDirectoryAsync), one row.
    private const string Coordination = """
        CREATE TABLE coffer_leases (
            name        text        COLLATE "C" NOT NULL PRIMARY KEY,
            holder      text        NOT NULL,
            expires_at  timestamptz NOT NULL
        );

        CREATE TABLE coffer_changes (
            feed     text   COLLATE "C" NOT NULL PRIMARY KEY,
            counter  bigint NOT NULL
        );

        CREATE TABLE coffer_deployment (
            id                     integer NOT NULL PRIMARY KEY,
            blob_directory_marker  text    NOT NULL
        );
        """;
}
