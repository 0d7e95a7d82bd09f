using Coffer.Engine.Contract.Tests.MetadataStore;

namespace Coffer.Engine.Contract.Tests.Postgres;

// The metadata store contract, run against PostgreSQL (each class on a database of its own).

public sealed class PostgresBucketTests : BucketContract<PostgresHarness>;

public sealed class PostgresObjectVersionTests : ObjectVersionContract<PostgresHarness>;

public sealed class PostgresConditionalWriteTests : ConditionalWriteContract<PostgresHarness>;

public sealed class PostgresSharedBlobTests : SharedBlobContract<PostgresHarness>;

public sealed class PostgresScanTests : ScanContract<PostgresHarness>;

public sealed class PostgresBlobBookkeepingTests : BlobBookkeepingContract<PostgresHarness>;

public sealed class PostgresMultipartUploadTests : MultipartUploadContract<PostgresHarness>;

public sealed class PostgresBucketSettingTests : BucketSettingContract<PostgresHarness>;

public sealed class PostgresGroupedScanTests : GroupedScanContract<PostgresHarness>;

public sealed class PostgresVersioningTests : VersioningContract<PostgresHarness>;

public sealed class PostgresTaggingTests : TaggingContract<PostgresHarness>;

public sealed class PostgresVersionScanTests : VersionScanContract<PostgresHarness>;

public sealed class PostgresArchiveTests : ArchiveContract<PostgresHarness>;

public sealed class PostgresWriteKeysTests : WriteKeysContract<PostgresHarness>;

public sealed class PostgresTieringTests : TieringContract<PostgresHarness>;
