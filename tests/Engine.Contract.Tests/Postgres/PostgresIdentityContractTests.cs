using Coffer.Engine.Contract.Tests.MetadataStore;

namespace Coffer.Engine.Contract.Tests.Postgres;

// The identity, key service and wrapped-key contracts, run against PostgreSQL.

public sealed class PostgresIdentityStoreTests : Identity.IdentityStoreContract<PostgresHarness>;

public sealed class PostgresKeyServiceTests : Kms.KeyServiceContract<PostgresHarness>;

public sealed class PostgresWrappedKeyStoreTests : WrappedKeyStoreContract<PostgresHarness>;
