using System.Text;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tests.Fakes;

/// <summary>
/// The metadata port in memory, under one lock: faithful to the contract's ordering (UTF-8 bytes),
/// conditions and blob reference counting, and it counts scans so tests can assert O(page).
/// </summary>
internal sealed class InMemoryMetadataStore : IMetadataStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, BucketInfo> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<byte[], ObjectInfo>> _objects = new(StringComparer.Ordinal);
    private readonly HashSet<BlobId> _pending = [];

    public int ScanCalls { get; private set; }

    public int RowsScanned { get; private set; }

    public Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_buckets.TryAdd(bucket.Name, bucket))
            {
                return Task.FromResult(false);
            }

            _objects[bucket.Name] = new SortedDictionary<byte[], ObjectInfo>(ByteOrder.Instance);
            return Task.FromResult(true);
        }
    }

    public Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_buckets.GetValueOrDefault(name));
        }
    }

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BucketInfo>>([.. _buckets.Values]);
        }
    }

    public Task<DeleteBucketOutcome> DeleteBucketAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_buckets.ContainsKey(name))
            {
                return Task.FromResult(DeleteBucketOutcome.NotFound);
            }

            if (_objects[name].Count > 0)
            {
                return Task.FromResult(DeleteBucketOutcome.NotEmpty);
            }

            _buckets.Remove(name);
            _objects.Remove(name);
            return Task.FromResult(DeleteBucketOutcome.Deleted);
        }
    }

    public Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_objects.TryGetValue(bucket, out var objects) ? objects.GetValueOrDefault(Utf8(key)) : null);
        }
    }

    public Task<CommitOutcome> CommitVersionAsync(ObjectInfo version, WriteCondition condition, BlobOrigin origin, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_objects.TryGetValue(version.Bucket, out var objects))
            {
                return Task.FromResult(CommitOutcome.Of(CommitStatus.NoSuchBucket));
            }

            var key = Utf8(version.Key);
            var current = objects.GetValueOrDefault(key);
            if (Check(condition, current) is { } failed)
            {
                return Task.FromResult(CommitOutcome.Of(failed));
            }

            if (origin == BlobOrigin.SharedWithStoredVersions && version.Segments.Any(s => !IsReferenced(s.Blob)))
            {
                return Task.FromResult(CommitOutcome.Of(CommitStatus.SourceGone));
            }

            objects[key] = version;
            return Task.FromResult(new CommitOutcome(CommitStatus.Committed, Release(current)));
        }
    }

    public Task<CommitOutcome> DeleteLatestAsync(string bucket, string key, WriteCondition condition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_objects.TryGetValue(bucket, out var objects))
            {
                return Task.FromResult(CommitOutcome.Of(CommitStatus.NoSuchBucket));
            }

            var utf8 = Utf8(key);
            var current = objects.GetValueOrDefault(utf8);
            if (current is null)
            {
                return Task.FromResult(CommitOutcome.Of(CommitStatus.NotFound));
            }

            if (Check(condition, current) is { } failed)
            {
                return Task.FromResult(CommitOutcome.Of(failed));
            }

            objects.Remove(utf8);
            return Task.FromResult(new CommitOutcome(CommitStatus.Committed, Release(current)));
        }
    }

    public Task<IReadOnlyList<ObjectInfo>> ScanAsync(string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ScanCalls++;
            var result = new List<ObjectInfo>();
            if (!_objects.TryGetValue(bucket, out var objects))
            {
                return Task.FromResult<IReadOnlyList<ObjectInfo>>(result);
            }

            // A linear walk is fine for a fake; RowsScanned counts only rows a seek would touch.
            foreach (var (key, info) in objects)
            {
                var order = key.AsSpan().SequenceCompareTo(after.Span);
                if (order < 0 || (order == 0 && !inclusive) || !key.AsSpan().StartsWith(prefix.Span))
                {
                    continue;
                }

                RowsScanned++;
                result.Add(info);
                if (result.Count == limit)
                {
                    break;
                }
            }

            return Task.FromResult<IReadOnlyList<ObjectInfo>>(result);
        }
    }

    public Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BlobId>>([.. _pending.Take(limit)]);
        }
    }

    public Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _pending.ExceptWith(blobs);
            return Task.CompletedTask;
        }
    }

    public Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_pending.Contains(blob) || IsReferenced(blob));
        }
    }

    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    private static CommitStatus? Check(WriteCondition condition, ObjectInfo? current) =>
        condition.Check(current is { IsDeleteMarker: false } ? current.ETag : null);

    private List<BlobId> Release(ObjectInfo? replaced)
    {
        var released = new List<BlobId>();
        foreach (var segment in replaced?.Segments ?? [])
        {
            if (!IsReferenced(segment.Blob))
            {
                _pending.Add(segment.Blob);
                released.Add(segment.Blob);
            }
        }

        return released;
    }

    private bool IsReferenced(BlobId blob) =>
        _objects.Values.Any(objects => objects.Values.Any(o => o.Segments.Any(s => s.Blob == blob)));

    private static byte[] Utf8(string key) => Encoding.UTF8.GetBytes(key);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
