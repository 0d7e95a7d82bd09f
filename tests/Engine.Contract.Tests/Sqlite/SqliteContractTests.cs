using Coffer.Engine.Contract.Tests.MetadataStore;

namespace Coffer.Engine.Contract.Tests.Sqlite;

// The metadata store contract, run against SQLite.

public sealed class SqliteBucketTests : BucketContract<SqliteHarness>;

public sealed class SqliteObjectVersionTests : ObjectVersionContract<SqliteHarness>;

public sealed class SqliteConditionalWriteTests : ConditionalWriteContract<SqliteHarness>;

public sealed class SqliteSharedBlobTests : SharedBlobContract<SqliteHarness>;

public sealed class SqliteScanTests : ScanContract<SqliteHarness>;

public sealed class SqliteBlobBookkeepingTests : BlobBookkeepingContract<SqliteHarness>;

public sealed class SqliteMultipartUploadTests : MultipartUploadContract<SqliteHarness>;

public sealed class SqliteIdentityStoreTests : Identity.IdentityStoreContract<SqliteHarness>;

public sealed class SqliteBucketSettingTests : BucketSettingContract<SqliteHarness>;

public sealed class SqliteGroupedScanTests : GroupedScanContract<SqliteHarness>;

public sealed class SqliteVersioningTests : VersioningContract<SqliteHarness>;

public sealed class SqliteTaggingTests : TaggingContract<SqliteHarness>;

public sealed class SqliteVersionScanTests : VersionScanContract<SqliteHarness>;

public sealed class SqliteKeyServiceTests : Kms.KeyServiceContract<SqliteHarness>;

public sealed class SqliteWrappedKeyStoreTests : WrappedKeyStoreContract<SqliteHarness>;

public sealed class SqliteArchiveTests : ArchiveContract<SqliteHarness>;

public sealed class SqliteWriteKeysTests : WriteKeysContract<SqliteHarness>;

public sealed class SqliteTieringTests : TieringContract<SqliteHarness>;
