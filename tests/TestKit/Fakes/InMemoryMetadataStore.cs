using System.Text;

using Coffer.Engine.Listing;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.TestKit.Fakes;

/// <summary>
/// The metadata port in memory, under one lock: faithful to the contract's ordering (UTF-8 bytes),
/// conditions and blob reference counting, and it counts scans so tests can assert O(page). The metadata store
/// contract runs over it (Engine.Contract.Tests/Fakes), so where it and SQLite disagree, the fake is wrong.
/// </summary>
public sealed class InMemoryMetadataStore : IMetadataStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, BucketInfo> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<byte[], ObjectInfo>> _objects = new(StringComparer.Ordinal);
    private readonly HashSet<BlobId> _pending = [];

    // Every blob id ever stored with inline content. Such bytes live in the row and go with their last reference, so
    // they are never queued for the collector; ids are random and never reused, so the set need not shrink or roll back.
    private readonly HashSet<BlobId> _inline = [];
    private readonly Dictionary<(string Bucket, string Key, string UploadId), UploadEntry> _uploads = [];
    private readonly Dictionary<(string Bucket, string Name), string> _settings = [];

    // Every version of every key, in the order stored; _objects above is the latest of each, kept in step, for scans.
    private readonly Dictionary<(string Bucket, string Key), List<VersionRow>> _versions = [];
    private long _lastHandle;

    public int ScanCalls { get; private set; }

    public int RowsScanned { get; private set; }

    /// <summary>Key transactions whose changes were kept: the writes a durable store would have committed.</summary>
    public int KeyWritesKept { get; private set; }

    public Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
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
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_buckets.GetValueOrDefault(name));
        }
    }

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BucketInfo>>([.. _buckets.Values]);
        }
    }

    /// <summary>
    /// Runs the work over <see cref="BucketTransaction"/> under the lock; when it throws or is not kept, the bucket, its
    /// uploads, settings and latest versions and the deletion queue are put back as they were.
    /// </summary>
    public Task<T> WriteBucketAsync<T>(string bucket, Func<IBucketTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var bucketBefore = _buckets.GetValueOrDefault(bucket);
            var objectsBefore = _objects.GetValueOrDefault(bucket);
            var uploadsBefore = _uploads.Where(pair => pair.Key.Bucket == bucket).ToList();
            var settingsBefore = _settings.Where(pair => pair.Key.Bucket == bucket).ToList();
            var pendingBefore = _pending.ToList();
            var kept = false;
            try
            {
                var result = work(new BucketTransaction(this, bucket));
                kept = keep(result);
                return Task.FromResult(result);
            }
            finally
            {
                if (!kept)
                {
                    Restore(bucket, bucketBefore, objectsBefore, uploadsBefore, settingsBefore);
                    RestorePending(pendingBefore);
                }
            }
        }
    }

    private void Restore(
        string bucket,
        BucketInfo? bucketBefore,
        SortedDictionary<byte[], ObjectInfo>? objectsBefore,
        List<KeyValuePair<(string Bucket, string Key, string UploadId), UploadEntry>> uploadsBefore,
        List<KeyValuePair<(string Bucket, string Name), string>> settingsBefore)
    {
        _buckets.Remove(bucket);
        _objects.Remove(bucket);
        if (bucketBefore is not null)
        {
            _buckets[bucket] = bucketBefore;
            _objects[bucket] = objectsBefore!;
        }

        foreach (var upload in _uploads.Keys.Where(id => id.Bucket == bucket).ToList())
        {
            _uploads.Remove(upload);
        }

        uploadsBefore.ForEach(pair => _uploads[pair.Key] = pair.Value);
        foreach (var setting in _settings.Keys.Where(setting => setting.Bucket == bucket).ToList())
        {
            _settings.Remove(setting);
        }

        settingsBefore.ForEach(pair => _settings[pair.Key] = pair.Value);
    }

    public Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_settings.GetValueOrDefault((bucket, name)));
        }
    }

    public Task<CommitStatus> PutBucketSettingAsync(string bucket, string name, string document, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_buckets.ContainsKey(bucket))
            {
                return Task.FromResult(CommitStatus.NoSuchBucket);
            }

            _settings[(bucket, name)] = document;
            return Task.FromResult(CommitStatus.Committed);
        }
    }

    public Task<CommitStatus> DeleteBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_buckets.ContainsKey(bucket))
            {
                return Task.FromResult(CommitStatus.NoSuchBucket);
            }

            _settings.Remove((bucket, name));
            return Task.FromResult(CommitStatus.Committed);
        }
    }

    public Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_objects.TryGetValue(bucket, out var objects) ? objects.GetValueOrDefault(Utf8(key)) : null);
        }
    }

    public Task<ObjectInfo?> GetVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var rows = _versions.GetValueOrDefault((bucket, key)) ?? [];
            return Task.FromResult(rows.FirstOrDefault(row => row.Version.VersionId == versionId)?.Version);
        }
    }

    public Task<bool> UpdateBucketAsync(string name, Func<BucketInfo, BucketInfo> change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_buckets.TryGetValue(name, out var bucket))
            {
                return Task.FromResult(false);
            }

            // Only the configuration changes, as the port says: a bucket's name, region, owner and creation are its own.
            var changed = change(bucket);
            _buckets[name] = bucket with { Versioning = changed.Versioning, ObjectLock = changed.ObjectLock, Encryption = changed.Encryption };
            return Task.FromResult(true);
        }
    }

    /// <summary>Runs the work under the lock; a refused or failed work has every change it made undone, as a rollback would.</summary>
    public Task<T> WriteKeyAsync<T>(string bucket, string key, Func<IKeyTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(RunKeyWrite(bucket, key, work, keep));
        }
    }

    /// <summary>Each write as <see cref="WriteKeyAsync"/>, under one hold of the lock; one that throws undoes those before it too.</summary>
    public Task<IReadOnlyList<T>> WriteKeysAsync<T>(string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var before = writes.Select(write => write.Key).Distinct().Select(key => Capture(bucket, key)).ToList();
            var pendingBefore = _pending.ToList();
            try
            {
                return Task.FromResult<IReadOnlyList<T>>([.. writes.Select(write => RunKeyWrite(bucket, write.Key, write.Work, keep))]);
            }
            catch
            {
                before.ForEach(Restore);
                RestorePending(pendingBefore);
                throw;
            }
        }
    }

    private T RunKeyWrite<T>(string bucket, string key, Func<IKeyTransaction, T> work, Func<T, bool> keep)
    {
        var before = Capture(bucket, key);
        var pendingBefore = _pending.ToList();
        var kept = false;
        try
        {
            var result = work(new KeyTransaction(this, bucket, key));
            kept = keep(result);
            KeyWritesKept += kept ? 1 : 0;
            return result;
        }
        finally
        {
            if (!kept)
            {
                Restore(before);
                RestorePending(pendingBefore);
            }

            ShowLatest(bucket, key);
        }
    }

    private KeyState Capture(string bucket, string key) => new(
        bucket,
        key,
        _versions.TryGetValue((bucket, key), out var rows) ? rows.ToList() : null,
        [.. _uploads.Where(pair => pair.Key.Bucket == bucket && pair.Key.Key == key)]);

    private void Restore(KeyState state)
    {
        if (state.Rows is null)
        {
            _versions.Remove((state.Bucket, state.Key));
        }
        else
        {
            _versions[(state.Bucket, state.Key)] = state.Rows;
        }

        foreach (var (id, upload) in state.Uploads)
        {
            _uploads[id] = upload;
        }

        ShowLatest(state.Bucket, state.Key);
    }

    private void RestorePending(List<BlobId> pendingBefore)
    {
        _pending.Clear();
        _pending.UnionWith(pendingBefore);
    }

    private void ShowLatest(string bucket, string key)
    {
        if (!_objects.TryGetValue(bucket, out var objects))
        {
            return;
        }

        var latest = _versions.GetValueOrDefault((bucket, key))?.FirstOrDefault(row => row.Version.IsLatest);
        if (latest is null)
        {
            objects.Remove(Utf8(key));
        }
        else
        {
            objects[Utf8(key)] = latest.Version;
        }
    }

    /// <summary>The grouped scan with nothing to group by, so that the two cannot disagree on order, position or markers.</summary>
    public async Task<IReadOnlyList<ObjectInfo>> ScanAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit, CancellationToken cancellationToken) =>
        [.. (await ScanGroupedAsync(bucket, after, inclusive, prefix, ReadOnlyMemory<byte>.Empty, limit, cancellationToken)).Select(entry => entry.Version!)];

    public Task<IReadOnlyList<ScanEntry>> ScanGroupedAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ScanCalls++;
            var result = new List<ScanEntry>();
            if (!_objects.TryGetValue(bucket, out var objects))
            {
                return Task.FromResult<IReadOnlyList<ScanEntry>>(result);
            }

            // Keys below the position are passed over uncounted, as a seek passes over them.
            var (from, fromInclusive) = (after.ToArray(), inclusive);
            foreach (var (key, info) in objects)
            {
                if (result.Count == limit)
                {
                    break;
                }

                var order = key.AsSpan().SequenceCompareTo(from);
                if (order < 0 || (order == 0 && !fromInclusive) || !key.AsSpan().StartsWith(prefix.Span) || info.IsDeleteMarker)
                {
                    continue;
                }

                RowsScanned++;
                var commonPrefix = delimiter.IsEmpty
                    ? null
                    : KeyGrouping.CommonPrefixOf(info.Key, Encoding.UTF8.GetString(prefix.Span), Encoding.UTF8.GetString(delimiter.Span));
                if (commonPrefix is null)
                {
                    result.Add(new ScanEntry(info.Key, info));
                    continue;
                }

                result.Add(new ScanEntry(commonPrefix, null));
                (from, fromInclusive) = (KeyGrouping.PastPrefix(commonPrefix), false);
            }

            return Task.FromResult<IReadOnlyList<ScanEntry>>(result);
        }
    }

    public Task<IReadOnlyList<ScanEntry>> ScanVersionsAsync(
        string bucket, ReadOnlyMemory<byte> afterKey, string? afterVersionId, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ScanCalls++;
            var result = new List<ScanEntry>();
            if (limit == 0)
            {
                return Task.FromResult<IReadOnlyList<ScanEntry>>(result);
            }

            // The position: past a marker's common prefix, or inside the marker's key below the version it names.
            var from = afterKey.ToArray();
            long? below = null;
            var markerPrefix = KeyGrouping.CommonPrefixLength(afterKey.Span, prefix.Span, delimiter.Span);
            if (markerPrefix > 0)
            {
                from = KeyGrouping.PastPrefix(afterKey.Span[..markerPrefix]);
            }
            else if (afterVersionId is not null && afterKey.Span.StartsWith(prefix.Span))
            {
                var rows = _versions.GetValueOrDefault((bucket, Encoding.UTF8.GetString(afterKey.Span))) ?? [];
                below = rows.FirstOrDefault(row => row.Version.VersionId == afterVersionId)?.Handle;
            }

            // A linear walk over keys is fine for a fake; RowsScanned counts only the rows a seek would touch.
            var keys = _versions
                .Where(pair => pair.Key.Bucket == bucket && pair.Value.Count > 0)
                .Select(pair => (Bytes: Utf8(pair.Key.Key), Rows: pair.Value))
                .OrderBy(pair => pair.Bytes, ByteOrder.Instance);
            foreach (var (key, rows) in keys)
            {
                var order = key.AsSpan().SequenceCompareTo(from);
                if (order < 0 || (order == 0 && below is null) || !key.AsSpan().StartsWith(prefix.Span))
                {
                    continue;
                }

                var commonPrefix = KeyGrouping.CommonPrefixLength(key, prefix.Span, delimiter.Span);
                if (commonPrefix > 0)
                {
                    RowsScanned++;
                    result.Add(new ScanEntry(Encoding.UTF8.GetString(key, 0, commonPrefix), null));
                    from = KeyGrouping.PastPrefix(key.AsSpan(0, commonPrefix));
                }
                else
                {
                    foreach (var row in rows.Where(row => order > 0 || row.Handle < below).OrderByDescending(row => row.Handle))
                    {
                        if (result.Count == limit)
                        {
                            break;
                        }

                        RowsScanned++;
                        result.Add(new ScanEntry(row.Version.Key, row.Version));
                    }
                }

                if (result.Count == limit)
                {
                    break;
                }
            }

            return Task.FromResult<IReadOnlyList<ScanEntry>>(result);
        }
    }

    /// <summary>
    /// Stores <paramref name="version"/> as the key's latest, with the id it carries, without the version rules or the
    /// rollback copy a write makes: for tests that need a key with very many versions.
    /// </summary>
    public void Seed(ObjectInfo version)
    {
        lock (_lock)
        {
            if (!_versions.TryGetValue((version.Bucket, version.Key), out var rows))
            {
                _versions[(version.Bucket, version.Key)] = rows = [];
            }

            var latest = rows.FindLastIndex(row => row.Version.IsLatest);
            if (latest >= 0)
            {
                rows[latest] = rows[latest] with { Version = rows[latest].Version with { IsLatest = false } };
            }

            var row = new VersionRow(++_lastHandle, version with { IsLatest = true });
            rows.Add(row);
            _objects[version.Bucket][Utf8(version.Key)] = row.Version;
        }
    }

    public Task<CommitStatus> CreateUploadAsync(UploadInfo upload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_buckets.ContainsKey(upload.Bucket))
            {
                return Task.FromResult(CommitStatus.NoSuchBucket);
            }

            _uploads.Add((upload.Bucket, upload.Key, upload.UploadId), new UploadEntry(upload));
            return Task.FromResult(CommitStatus.Committed);
        }
    }

    public Task<UploadInfo?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_uploads.GetValueOrDefault((bucket, key, uploadId))?.Info);
        }
    }

    public Task<IReadOnlyList<PartInfo>> ListPartsAsync(
        string bucket, string key, string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            IReadOnlyList<PartInfo> parts = _uploads.TryGetValue((bucket, key, uploadId), out var upload)
                ? [.. upload.Parts.Values.Where(part => part.PartNumber > afterPartNumber).Take(limit)]
                : [];
            return Task.FromResult(parts);
        }
    }

    public Task<IReadOnlyList<UploadInfo>> ListUploadsAsync(
        string bucket, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> afterKey, string? afterUploadId, int limit,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            IReadOnlyList<UploadInfo> uploads =
            [
                .. _uploads.Values.Select(upload => upload.Info)
                    .Where(upload => upload.Bucket == bucket)
                    .Select(upload => (Upload: upload, Key: Utf8(upload.Key)))
                    .Where(row => row.Key.AsSpan().StartsWith(prefix.Span) && IsAfter(row.Key, row.Upload.UploadId, afterKey.Span, afterUploadId))
                    .OrderBy(row => row.Key, ByteOrder.Instance)
                    .ThenBy(row => row.Upload.UploadId, StringComparer.Ordinal)
                    .Take(limit)
                    .Select(row => row.Upload),
            ];
            return Task.FromResult(uploads);
        }
    }

    public Task<IReadOnlyList<UploadInfo>> ListAbandonedUploadsAsync(DateTimeOffset initiatedBefore, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            IReadOnlyList<UploadInfo> uploads =
            [
                .. _uploads.Values.Select(upload => upload.Info)
                    .Where(upload => upload.Initiated < initiatedBefore)
                    .OrderBy(upload => upload.Initiated)
                    .Take(limit),
            ];
            return Task.FromResult(uploads);
        }
    }

    public Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BlobId>>([.. _pending.Take(limit)]);
        }
    }

    public Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _pending.ExceptWith(blobs);
            return Task.CompletedTask;
        }
    }

    public Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_pending.Contains(blob) || IsReferenced(blob) || IsPart(blob));
        }
    }

    public Task<IReadOnlyList<RestoreDue>> ListRestoresDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RestoreDue>>([.. _versions
                .SelectMany(pair => pair.Value.Select(row => (pair.Key, row.Version)))
                .Where(found => found.Version.Restore is { } restore && (restore.ExpiresAt ?? restore.ReadyAt) <= now)
                .OrderBy(found => found.Version.Restore!.ExpiresAt ?? found.Version.Restore.ReadyAt)
                .Take(limit)
                .Select(found => new RestoreDue(found.Key.Bucket, found.Key.Key, found.Version.VersionId))]);
        }
    }

    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>Queues each blob file that nothing holds any more, as the stores do after their row changes.</summary>
    private List<BlobId> Release(IEnumerable<BlobId> candidates)
    {
        var released = new List<BlobId>();
        foreach (var blob in candidates.Distinct())
        {
            if (!IsReferenced(blob) && !IsPart(blob) && !_inline.Contains(blob))
            {
                _pending.Add(blob);
                released.Add(blob);
            }
        }

        return released;
    }

    private bool IsReferenced(BlobId blob) =>
        _versions.Values.Any(rows => rows.Any(row => row.Version.Segments.Any(s => s.Blob == blob) || (row.Version.Restore?.RestoredBlobs.Contains(blob) ?? false)));

    private bool IsPart(BlobId blob) => _uploads.Values.Any(upload => upload.Parts.Values.Any(part => part.Blob == blob));

    private static bool IsAfter(byte[] key, string uploadId, ReadOnlySpan<byte> afterKey, string? afterUploadId)
    {
        var order = key.AsSpan().SequenceCompareTo(afterKey);
        return order > 0 || (order == 0 && afterUploadId is not null && string.CompareOrdinal(uploadId, afterUploadId) > 0);
    }

    private static byte[] Utf8(string key) => Encoding.UTF8.GetBytes(key);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>A key's rows and open uploads as they were before a write, to put back when it is undone.</summary>
    private sealed record KeyState(
        string Bucket, string Key, List<VersionRow>? Rows, List<KeyValuePair<(string Bucket, string Key, string UploadId), UploadEntry>> Uploads);

    private sealed record VersionRow(long Handle, ObjectInfo Version)
    {
        public StoredVersion Stored => StoredVersion.Of(Version, Handle);
    }

    /// <summary>The fake's rows of one key, changed in place under the store's lock.</summary>
    private sealed class KeyTransaction(InMemoryMetadataStore store, string bucket, string key) : IKeyTransaction
    {
        public string Bucket => bucket;

        public string Key => key;

        private List<VersionRow> Rows
        {
            get
            {
                if (!store._versions.TryGetValue((bucket, key), out var rows))
                {
                    store._versions[(bucket, key)] = rows = [];
                }

                return rows;
            }
        }

        public BucketInfo? FindBucket() => store._buckets.GetValueOrDefault(bucket);

        public StoredVersion? FindLatest() => Rows.FirstOrDefault(row => row.Version.IsLatest)?.Stored;

        public StoredVersion? Find(string versionId) => Rows.FirstOrDefault(row => row.Version.VersionId == versionId)?.Stored;

        public StoredVersion? FindNewest() => Rows.MaxBy(row => row.Handle)?.Stored;

        public StoredVersion? FindNewestAsOf(DateTimeOffset instant) =>
            Rows.Where(row => row.Version.LastModified <= instant).MaxBy(row => row.Handle)?.Stored;

        public ObjectInfo Read(StoredVersion version) => Rows.Single(row => row.Handle == version.Handle).Version;

        public StoredVersion InsertLatest(ObjectInfo version)
        {
            if (Rows.Any(row => row.Version.IsLatest || row.Version.VersionId == version.VersionId))
            {
                throw new InvalidOperationException("A key has one latest version, and version ids are unique per key.");
            }

            // A new version starts with no restore and its Intelligent-Tiering life afresh, as in the SQLite store, which
            // inserts neither.
            var row = new VersionRow(++store._lastHandle, version with { IsLatest = true, Restore = null, Tiering = null });
            store._inline.UnionWith(version.Segments.Where(segment => segment.InlineContent is not null).Select(segment => segment.Blob));
            Rows.Add(row);
            return row.Stored;
        }

        public void SetLatest(StoredVersion version, bool isLatest) => Change(version, v => v with { IsLatest = isLatest });

        public IReadOnlyList<BlobId> Remove(StoredVersion version)
        {
            var row = Rows.Single(row => row.Handle == version.Handle);
            Rows.Remove(row);
            return [.. row.Version.Segments.Select(segment => segment.Blob), .. row.Version.Restore?.RestoredBlobs ?? []];
        }

        public IReadOnlyList<BlobId> SetRestore(StoredVersion version, ArchiveRestore? restore)
        {
            var had = Rows.Single(row => row.Handle == version.Handle).Version.Restore?.RestoredBlobs ?? [];
            Change(version, v => v with { Restore = restore });
            return had;
        }

        public void SetTiering(StoredVersion version, TieringState? state) => Change(version, v => v with { Tiering = state });

        public IReadOnlyList<BlobId> MoveSegments(StoredVersion version, string storageClass, IReadOnlyList<BlobSegment> segments)
        {
            var had = Rows.Single(row => row.Handle == version.Handle).Version.Segments;
            Change(version, v => v with
            {
                Attributes = v.Attributes with { StorageClass = storageClass },
                Segments = [.. v.Segments.Select((segment, i) => segment with { Blob = segments[i].Blob, InlineContent = null, SealedAs = segments[i].SealedAs })],
            });
            return [.. had.Select(segment => segment.Blob)];
        }

        public void SetAcl(StoredVersion version, string? acl) => Change(version, v => v with { Attributes = v.Attributes with { Acl = acl } });

        public void SetTags(StoredVersion version, TagSet tags) => Change(version, v => v with { Attributes = v.Attributes with { Tags = tags } });

        public void SetRetention(StoredVersion version, ObjectRetention? retention) =>
            Change(version, v => v with { Attributes = v.Attributes with { Retention = retention } });

        public void SetLegalHold(StoredVersion version, LegalHoldStatus legalHold) =>
            Change(version, v => v with { Attributes = v.Attributes with { LegalHold = legalHold } });

        public bool IsReferenced(BlobId blob) => store.IsReferenced(blob);

        public StoredUpload? FindUpload(string uploadId) =>
            store._uploads.TryGetValue((bucket, key, uploadId), out var open)
                ? new StoredUpload(0, open.Info, open.Parts.ToDictionary(part => part.Key, part => part.Value.Blob))
                : null;

        public OpenUpload? FindOpenUpload(string uploadId) =>
            store._uploads.TryGetValue((bucket, key, uploadId), out var open) ? new OpenUpload(0, open.Info) : null;

        public BlobId? PutPart(OpenUpload upload, PartInfo part)
        {
            var parts = store._uploads[(bucket, key, upload.Upload.UploadId)].Parts;
            var replaced = parts.GetValueOrDefault(part.PartNumber);
            parts[part.PartNumber] = part;
            return replaced?.Blob;
        }

        public void RemoveUpload(StoredUpload upload) => store._uploads.Remove((bucket, key, upload.Upload.UploadId));

        public IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates) => store.Release(candidates);

        private void Change(StoredVersion version, Func<ObjectInfo, ObjectInfo> change)
        {
            var index = Rows.FindIndex(row => row.Handle == version.Handle);
            Rows[index] = Rows[index] with { Version = change(Rows[index].Version) };
        }
    }

    /// <summary>The fake's <see cref="IBucketTransaction"/>: used under the store's lock only.</summary>
    private sealed class BucketTransaction(InMemoryMetadataStore store, string bucket) : IBucketTransaction
    {
        public string Bucket => bucket;

        public bool Exists() => store._buckets.ContainsKey(bucket);

        public bool HasVersions() => store._versions.Any(pair => pair.Key.Bucket == bucket && pair.Value.Count > 0);

        public IReadOnlyList<BlobId> RemoveUploads()
        {
            var blobs = new List<BlobId>();
            foreach (var (id, upload) in store._uploads.Where(pair => pair.Key.Bucket == bucket).ToList())
            {
                store._uploads.Remove(id);
                blobs.AddRange(upload.Parts.Values.Select(part => part.Blob));
            }

            return blobs;
        }

        public void Remove()
        {
            foreach (var setting in store._settings.Keys.Where(setting => setting.Bucket == bucket).ToList())
            {
                store._settings.Remove(setting);
            }

            store._buckets.Remove(bucket);
            store._objects.Remove(bucket);
        }

        public IReadOnlyList<BlobId> ReleaseUnreferenced(IEnumerable<BlobId> candidates) => store.Release(candidates);
    }

    private sealed class UploadEntry(UploadInfo info)
    {
        public UploadInfo Info { get; } = info;

        public SortedDictionary<int, PartInfo> Parts { get; } = [];
    }
}
