using System.Collections.Concurrent;

namespace Coffer.Torture.Model;

/// <summary>
/// Every multipart upload the harness created, by id, and the keys whose CreateMultipartUpload was
/// cut off by a kill: an upload the harness never heard of may exist for those keys, and no other.
/// </summary>
public sealed class UploadRegistry
{
    private readonly ConcurrentDictionary<string, UploadModel> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IModelledKey, int> _createsInFlight = new();

    public IEnumerable<UploadModel> All => _uploads.Values;

    public void CreateSent(IModelledKey key) => _createsInFlight.AddOrUpdate(key, 1, (_, count) => count + 1);

    public UploadModel Created(IModelledKey key, string uploadId, Sealing? sealing = null)
    {
        _createsInFlight.AddOrUpdate(key, 0, (_, count) => count - 1);
        var upload = new UploadModel(key, uploadId, sealing ?? Sealing.None);
        _uploads[uploadId] = upload;
        return upload;
    }

    public UploadModel? Find(string uploadId) => _uploads.GetValueOrDefault(uploadId);

    public bool MayHaveUnknownUpload(IModelledKey key) => _createsInFlight.GetValueOrDefault(key) > 0;

    /// <summary>After a verification has aborted every listed upload: nothing is open or in flight any more.</summary>
    public void Clear()
    {
        _uploads.Clear();
        _createsInFlight.Clear();
    }
}
