using Coffer.Engine.Contract.Tests.BlobStore;
using Coffer.Engine.Ports;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>The blob store contract against a bucket on a second Coffer, with the smallest part S3 allows.</summary>
[Collection(CofferEndpointCollection.Name)]
public sealed class CloudTierBlobStoreTests(CofferEndpoint endpoint) : BlobStoreContract, IDisposable
{
    private readonly CloudTierBlobStore _store = CofferEndpoint.CreateStore(
        endpoint.FreshLocation(), new CloudTierOptions { PartSize = CloudTierOptions.MinimumPartSize });

    protected override IBlobStore Store => _store;

    // S3 has no open handles: see CloudTierBlobStore.
    protected override bool OpenReadersOutliveDelete => false;

    public void Dispose() => _store.Dispose();
}
