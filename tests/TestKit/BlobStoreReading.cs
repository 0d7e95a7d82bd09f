using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.TestKit;

/// <summary>Opens a blob from a test that has no reason to be asynchronous; the store's own open runs all the same.</summary>
public static class BlobStoreReading
{
    public static IBlobReader OpenRead(this IBlobStore store, BlobId id) =>
        store.OpenReadAsync(id, CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
