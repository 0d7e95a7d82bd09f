using Coffer.Engine.Contract.Tests.BlobStore;
using Coffer.Engine.Contract.Tests.MetadataStore;
using Coffer.Engine.Ports;
using Coffer.TestKit.Fakes;

namespace Coffer.Engine.Contract.Tests.Fakes;

// The metadata store contract, run against the fake the engine tests use, so that what those tests prove of the
// engine holds over a store that behaves as SQLite and PostgreSQL do. The fake implements IMetadataStore only:
// identity (IIdentityStore), KMS keys (IKmsStore) and master key rotation (IWrappedKeyStore) are not faked, so
// their contracts run against the real stores alone.

public sealed class InMemoryBucketTests : BucketContract<InMemoryHarness>;

public sealed class InMemoryObjectVersionTests : ObjectVersionContract<InMemoryHarness>;

public sealed class InMemoryConditionalWriteTests : ConditionalWriteContract<InMemoryHarness>;

public sealed class InMemorySharedBlobTests : SharedBlobContract<InMemoryHarness>;

public sealed class InMemoryScanTests : ScanContract<InMemoryHarness>;

public sealed class InMemoryBlobBookkeepingTests : BlobBookkeepingContract<InMemoryHarness>;

public sealed class InMemoryMultipartUploadTests : MultipartUploadContract<InMemoryHarness>;

public sealed class InMemoryBucketSettingTests : BucketSettingContract<InMemoryHarness>;

public sealed class InMemoryGroupedScanTests : GroupedScanContract<InMemoryHarness>;

public sealed class InMemoryVersioningTests : VersioningContract<InMemoryHarness>;

public sealed class InMemoryTaggingTests : TaggingContract<InMemoryHarness>;

public sealed class InMemoryVersionScanTests : VersionScanContract<InMemoryHarness>;

public sealed class InMemoryArchiveTests : ArchiveContract<InMemoryHarness>;

public sealed class InMemoryWriteKeysTests : WriteKeysContract<InMemoryHarness>;

public sealed class InMemoryTieringTests : TieringContract<InMemoryHarness>;

/// <summary>The blob store contract against the fake's dictionary.</summary>
public sealed class InMemoryBlobStoreTests : BlobStoreContract
{
    protected override IBlobStore Store { get; } = new InMemoryBlobStore();
}
