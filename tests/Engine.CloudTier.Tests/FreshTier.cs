using Amazon.S3;
using Amazon.S3.Model;

using Coffer.Engine.Model;
using Coffer.Engine.Tiers;

namespace Coffer.Engine.CloudTier.Tests;

/// <summary>A store under a prefix of its own at the endpoint, with parts of S3's smallest size, and a plain client to see what it left there.</summary>
public sealed class FreshTier : IDisposable
{
    public const int PartSize = CloudTierOptions.MinimumPartSize;

    public FreshTier(CofferEndpoint endpoint)
    {
        Location = endpoint.FreshLocation();
        Client = endpoint.CreateClient();
        Store = CofferEndpoint.CreateStore(Location, new CloudTierOptions { PartSize = PartSize });
    }

    public S3TierLocation Location { get; }

    public AmazonS3Client Client { get; }

    public CloudTierBlobStore Store { get; }

    /// <summary>"coffer/&lt;guid&gt;/": what every key of this store starts with.</summary>
    public string ListPrefix => Location.Prefix + "/";

    public string KeyOf(BlobId id) => ListPrefix + id.Value;

    public static async Task<BlobId> WriteAsync(CloudTierBlobStore store, byte[] content)
    {
        await using var writer = store.CreateWriter();
        await writer.WriteAsync(content, CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);
        return writer.Id;
    }

    public Task<BlobId> WriteAsync(byte[] content) => WriteAsync(Store, content);

    public async Task<List<string>> ObjectKeysAsync()
    {
        var listed = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = CofferEndpoint.Bucket, Prefix = ListPrefix });
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public async Task<List<string>> UploadKeysAsync()
    {
        var uploads = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = CofferEndpoint.Bucket, Prefix = ListPrefix });
        return (uploads.MultipartUploads ?? []).Select(u => u.Key).ToList();
    }

    public void Dispose()
    {
        Store.Dispose();
        Client.Dispose();
    }
}
