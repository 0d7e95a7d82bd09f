using System.Globalization;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Storage;

using Microsoft.Data.Sqlite;

namespace Coffer.Engine.Sqlite;

/// <summary>
/// <see cref="IMetadataStore"/> on one SQLite file (e.g. <c>&lt;data&gt;/metadata.db</c>) in WAL
/// mode with <c>synchronous=FULL</c>. Writes go through one connection, one at a time, with
/// concurrent ones grouped into one <c>BEGIN IMMEDIATE</c> transaction and one fsync (see
/// <see cref="GroupCommitWriter"/>); reads use a small pool of read-only connections, each read in
/// its own snapshot. Call <see cref="InitializeAsync"/> (or use <see cref="OpenAsync"/>)
/// before anything else; it creates or migrates the schema.
/// </summary>
public sealed partial class SqliteMetadataStore : IMetadataStore, IAsyncDisposable
{
    private const int ReaderCount = 4;

    private readonly string _path;

    // Guards opening and closing; writes themselves queue in the writer.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private GroupCommitWriter? _writer;
    private ReaderPool? _readers;
    private bool _disposed;

    private MetadataReserve? _reserve;

    // Set when the disk ran out of room for the database (see WriteAsync); read by every write.
    private volatile bool _spaceCritical;

    private readonly TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteMetadataStore(string databasePath)
    {
        _path = Path.GetFullPath(databasePath);
    }

    /// <summary>Creates a store over <paramref name="databasePath"/> and initializes it.</summary>
    public static async Task<SqliteMetadataStore> OpenAsync(string databasePath, CancellationToken cancellationToken)
    {
        var store = new SqliteMetadataStore(databasePath);
        try
        {
            await store.InitializeAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the database, creating the file and its folder if needed, and applies any schema
    /// migration it lacks. Throws when the file's schema is newer than this build.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null)
            {
                return;
            }

            PrivateDatabaseFile.EnsureExists(_path);

            var writer = SqliteConnections.OpenWriter(_path);
            try
            {
                SchemaMigrator.Migrate(writer.Connection);
            }
            catch
            {
                writer.Dispose();
                throw;
            }

            _readers = new ReaderPool(() => SqliteConnections.OpenReader(_path), ReaderCount);
            _writer = new GroupCommitWriter(writer);
            _reserve = new MetadataReserve(_path);
            _spaceCritical = !_reserve.TryRestore();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Completes the first time a write finds the database moved to another store (each such write fails with
    /// <see cref="Errors.EngineError.MetadataMoved"/>), so that whoever runs the store can switch to the new one at once
    /// instead of at its next look. Never fails.
    /// </summary>
    public Task Moved => _moved.Task;

    // ---- Buckets

    public Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken) =>
        WriteAsync(session => BucketRows.Insert(session, bucket), cancellationToken);

    public Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(session => BucketRows.Find(session, name), cancellationToken);

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BucketInfo>>(BucketRows.All, cancellationToken);

    public Task<bool> UpdateBucketAsync(string name, Func<BucketInfo, BucketInfo> change, CancellationToken cancellationToken) =>
        WriteAsync(
            session =>
            {
                if (BucketRows.Find(session, name) is not { } bucket)
                {
                    return false;
                }

                BucketRows.UpdateConfiguration(session, change(bucket) with { Name = name });
                return true;
            },
            cancellationToken);

    // ---- Bucket settings

    public Task<string?> GetBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        ReadAsync(session => BucketSettingRows.Find(session, bucket, name), cancellationToken);

    public Task<CommitStatus> PutBucketSettingAsync(string bucket, string name, string document, CancellationToken cancellationToken) =>
        WriteInBucketAsync(bucket, session => BucketSettingRows.Upsert(session, bucket, name, document), cancellationToken);

    public Task<CommitStatus> DeleteBucketSettingAsync(string bucket, string name, CancellationToken cancellationToken) =>
        WriteInBucketAsync(bucket, session => BucketSettingRows.Delete(session, bucket, name), cancellationToken);

    // ---- Objects

    public Task<ObjectInfo?> GetLatestAsync(string bucket, string key, CancellationToken cancellationToken) =>
        ReadAsync(session => VersionRows.FindLatest(session, bucket, KeyBytes.Encode(key)), cancellationToken);

    public Task<ObjectInfo?> GetVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken) =>
        ReadAsync(session => VersionRows.FindVersion(session, bucket, KeyBytes.Encode(key), versionId), cancellationToken);

    public Task<T> WriteBucketAsync<T>(string bucket, Func<IBucketTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        WriteAsync(session => work(new SqliteBucketTransaction(session, bucket, DateTimeOffset.UtcNow)), keep, cancellationToken);

    public Task<T> WriteKeyAsync<T>(string bucket, string key, Func<IKeyTransaction, T> work, Func<T, bool> keep, CancellationToken cancellationToken) =>
        WriteAsync(session => work(new SqliteKeyTransaction(session, bucket, key, DateTimeOffset.UtcNow)), keep, cancellationToken);

    public Task<IReadOnlyList<T>> WriteKeysAsync<T>(string bucket, IReadOnlyList<KeyWrite<T>> writes, Func<T, bool> keep, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<T>>(session => KeyWriteBatch.Run(session, bucket, writes, keep, DateTimeOffset.UtcNow), cancellationToken);

    public Task<IReadOnlyList<ObjectInfo>> ScanAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var range = KeyRange.For(after.Span, inclusive, prefix.Span);
        return ReadAsync<IReadOnlyList<ObjectInfo>>(
            session => limit == 0 ? [] : ScanQuery.Run(session, bucket, range, limit), cancellationToken);
    }

    public Task<IReadOnlyList<ScanEntry>> ScanGroupedAsync(
        string bucket, ReadOnlyMemory<byte> after, bool inclusive, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (delimiter.IsEmpty)
        {
            throw new ArgumentException("A grouped scan needs a delimiter.", nameof(delimiter));
        }

        return ReadAsync<IReadOnlyList<ScanEntry>>(
            session => GroupedScanQuery.Run(session, bucket, after.Span, inclusive, prefix.Span, delimiter.Span, limit), cancellationToken);
    }

    public Task<IReadOnlyList<ScanEntry>> ScanVersionsAsync(
        string bucket, ReadOnlyMemory<byte> afterKey, string? afterVersionId, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> delimiter, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<ScanEntry>>(
            session => VersionScanQuery.Run(session, bucket, afterKey.Span, afterVersionId, prefix.Span, delimiter.Span, limit), cancellationToken);
    }

    // ---- Multipart uploads

    public Task<IReadOnlyList<RestoreDue>> ListRestoresDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RestoreDue>>(session => RestoreColumns.Due(session, now, limit), cancellationToken);

    public Task<CommitStatus> CreateUploadAsync(UploadInfo upload, CancellationToken cancellationToken) =>
        WriteAsync(
            session => UploadWrites.Create(session, upload),
            static status => status == CommitStatus.Committed,
            cancellationToken);

    public Task<UploadInfo?> GetUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        ReadAsync(session => UploadRows.Find(session, bucket, key, uploadId)?.Upload, cancellationToken);

    public Task<IReadOnlyList<PartInfo>> ListPartsAsync(
        string bucket, string key, string uploadId, int afterPartNumber, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<PartInfo>>(
            session => UploadRows.Find(session, bucket, key, uploadId) is { } upload && limit > 0
                ? PartRows.After(session, upload.Row, afterPartNumber, limit)
                : [],
            cancellationToken);
    }

    public Task<IReadOnlyList<UploadInfo>> ListUploadsAsync(
        string bucket, ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> afterKey, string? afterUploadId, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<UploadInfo>>(
            session => limit == 0 ? [] : UploadListQuery.Run(session, bucket, prefix.Span, afterKey.Span, afterUploadId, limit),
            cancellationToken);
    }

    public Task<IReadOnlyList<UploadInfo>> ListAbandonedUploadsAsync(DateTimeOffset initiatedBefore, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<UploadInfo>>(
            session => UploadRows.InitiatedBefore(session, initiatedBefore, limit), cancellationToken);
    }

    // ---- Blob bookkeeping

    public Task<IReadOnlyList<BlobId>> PendingBlobDeletionsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<BlobId>>(session => BlobReferences.Pending(session, limit), cancellationToken);
    }

    public Task ForgetBlobDeletionsAsync(IReadOnlyCollection<BlobId> blobs, CancellationToken cancellationToken) =>
        WriteAsync(
            session =>
            {
                BlobReferences.Forget(session, blobs);
                return true;
            },
            cancellationToken);

    public Task<bool> IsBlobKnownAsync(BlobId blob, CancellationToken cancellationToken) =>
        ReadAsync(session => BlobReferences.IsKnown(session, blob), cancellationToken);

    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(IntegrityCheck.Run, cancellationToken);

    /// <summary>
    /// Commits the writes already queued (their callers get their results), refuses new ones, then
    /// closes the connections.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_writer is not null)
            {
                await _writer.StopAsync();
            }

            _readers?.Dispose();
            _readers = null;
            _writer = null;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken) =>
        WriteAsync(work, static _ => true, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on the writer, in a transaction it may share with other writes,
    /// and keeps its changes when <paramref name="commit"/> approves the result (otherwise they are
    /// rolled back, alone). The result comes once the transaction has committed. The token is
    /// honoured only while the work waits its turn: work is never abandoned half-way.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteSession, T> work, Func<T, bool> commit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_spaceCritical)
        {
            if (_reserve?.TryRestore() == true)
            {
                _spaceCritical = false;
            }
            else
            {
                work = WithoutGrowth(work);
            }
        }

        try
        {
            return await Writer().EnqueueAsync(work, commit, cancellationToken);
        }
        catch (Exception e) when (DatabaseFull.Find(e) is not null)
        {
            // SQLite rolled the transaction back: nothing of this write stays, and the writer goes on. The reserve is
            // given back to the disk so that deletes can be recorded; until it can be made again, only writes that do
            // not grow the database are let through (see WithoutGrowth).
            _spaceCritical = true;
            _reserve?.Release();
            throw DatabaseFull.Refusal(e);
        }
        catch (Exception e) when (DatabaseMoved.Find(e) is not null)
        {
            // The move's triggers aborted the statement; the writer rolled the unit back to its savepoint and goes on.
            // Every other write that tries meets its own trigger, in this group and after it.
            _moved.TrySetResult();
            throw DatabaseMoved.Refusal(e);
        }
    }

    /// <summary>
    /// On a disk that has run out of room, a write that would grow the database (a new object's row, an inline body) is
    /// refused as a full disk refuses it, before its commit, so that the room the reserve gave back is kept for writes
    /// that free space: deletes, which only release pages.
    /// </summary>
    private static Func<SqliteSession, T> WithoutGrowth<T>(Func<SqliteSession, T> work) => session =>
    {
        var before = PageCount(session);
        var result = work(session);
        return PageCount(session) > before
            ? throw new SqliteException("database or disk is full: only writes that free space are taken until there is room again", DatabaseFull.SqliteFull)
            : result;
    };

    private static long PageCount(SqliteSession session) => Convert.ToInt64(session.Command("PRAGMA page_count;").ExecuteScalar(), CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction when <paramref name="bucket"/> exists;
    /// the check is inside the transaction, so a concurrent DeleteBucket cannot slip in between.
    /// </summary>
    private Task<CommitStatus> WriteInBucketAsync(string bucket, Action<SqliteSession> work, CancellationToken cancellationToken) =>
        WriteAsync(
            session =>
            {
                if (!BucketRows.Exists(session, bucket))
                {
                    return CommitStatus.NoSuchBucket;
                }

                work(session);
                return CommitStatus.Committed;
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled reader, in one read transaction (one snapshot).</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var readers = Readers();
        var session = await readers.RentAsync(cancellationToken);
        try
        {
            using var transaction = session.Connection.BeginTransaction(deferred: true);
            session.Transaction = transaction;
            try
            {
                return work(session);
            }
            finally
            {
                session.Transaction = null;
            }
        }
        finally
        {
            readers.Return(session);
        }
    }

    private GroupCommitWriter Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer ?? throw NotInitialized();
    }

    private ReaderPool Readers()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _readers ?? throw NotInitialized();
    }

    private static InvalidOperationException NotInitialized() =>
        new($"{nameof(SqliteMetadataStore)} is not initialized: call {nameof(InitializeAsync)} first.");
}
