using Coffer.Engine.Errors;
using Coffer.Engine.Identity;
using Coffer.Engine.Kms;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Versions;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>
/// A store whose database `coffer admin migrate` moved away (the move contract's triggers, made by hand): every write
/// is refused as <see cref="EngineError.MetadataMoved"/>, whatever it writes and however it was grouped, nothing of it
/// stays, and reads go on answering from what the database holds.
/// </summary>
public sealed class MetadataMovedTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset MovedAt = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private const string Target = "postgresql://coffer@db.example:5432/coffer";

    private readonly TempDirectory _directory = new();
    private SqliteMetadataStore _store = null!;

    private string DatabasePath => Path.Combine(_directory.Path, "metadata.db");

    public async Task InitializeAsync()
    {
        _store = await SqliteMetadataStore.OpenAsync(DatabasePath, None);
        await _store.CreateBucketAsync(new BucketInfo("bucket", "us-east-1", "owner", DateTimeOffset.UnixEpoch), None);
        await _store.CommitVersionAsync(Version("before"), WriteCondition.None, BlobOrigin.NewlyWritten, None);
        await _store.CreatePrincipalAsync(Principal("alice"), None);
        await _store.CreateKmsKeyAsync(Key("11111111-0000-4000-8000-000000000001"), Material("11111111-0000-4000-8000-000000000001"), None);
        MetadataMoveByHand.MoveDatabase(DatabasePath, Target, MovedAt);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public void MoveByHand_ThisBuildsSchema_PutsTriggersOnAllEighteenMetadataTables()
    {
        Assert.Equal(18, MetadataMoveByHand.MetadataTables(DatabasePath).Count);
    }

    [Fact]
    public async Task CommitVersionAsync_AfterTheMove_IsRefusedAsMovedAndStoresNothing()
    {
        var refused = await Assert.ThrowsAsync<EngineException>(() =>
            _store.CommitVersionAsync(Version("after"), WriteCondition.None, BlobOrigin.NewlyWritten, None));

        Assert.Equal(EngineError.MetadataMoved, refused.Code);
        Assert.Null(await _store.GetLatestAsync("bucket", "after", None));
        Assert.True(_store.Moved.IsCompleted);
    }

    [Fact]
    public async Task CreatePrincipalAsync_AfterTheMove_IsRefusedAsMoved()
    {
        var refused = await Assert.ThrowsAsync<EngineException>(() => _store.CreatePrincipalAsync(Principal("bob"), None));

        Assert.Equal(EngineError.MetadataMoved, refused.Code);
        Assert.Null(await _store.GetPrincipalAsync(PrincipalKind.User, "bob", None));
    }

    [Fact]
    public async Task CreateKmsKeyAsync_AfterTheMove_IsRefusedAsMoved()
    {
        const string id = "22222222-0000-4000-8000-000000000002";

        var refused = await Assert.ThrowsAsync<EngineException>(() => _store.CreateKmsKeyAsync(Key(id), Material(id), None));

        Assert.Equal(EngineError.MetadataMoved, refused.Code);
        Assert.Null(await _store.GetKmsKeyAsync(id, None));
    }

    [Fact]
    public async Task CommitVersionAsync_ManyConcurrentWritesAfterTheMove_EveryOneIsRefusedAsMoved()
    {
        // Queued together, they are taken in groups that share a transaction: each must fail on its own trigger.
        var writes = Enumerable.Range(0, 100)
            .Select(i => Task.Run(() => _store.CommitVersionAsync(Version($"grouped-{i:D3}"), WriteCondition.None, BlobOrigin.NewlyWritten, None)))
            .ToList();

        foreach (var write in writes)
        {
            var refused = await Assert.ThrowsAsync<EngineException>(() => write);
            Assert.Equal(EngineError.MetadataMoved, refused.Code);
        }

        var listed = await _store.ScanAsync("bucket", ReadOnlyMemory<byte>.Empty, inclusive: true, ReadOnlyMemory<byte>.Empty, 1000, None);
        Assert.Equal(["before"], listed.Select(version => version.Key));
    }

    [Fact]
    public async Task Reads_AfterTheMove_AnswerFromTheDatabase()
    {
        Assert.NotNull(await _store.GetBucketAsync("bucket", None));
        Assert.Equal("\"before\"", (await _store.GetLatestAsync("bucket", "before", None))?.ETag);
        Assert.NotNull(await _store.GetPrincipalAsync(PrincipalKind.User, "alice", None));
        Assert.NotNull(await _store.GetKmsKeyAsync("11111111-0000-4000-8000-000000000001", None));
        Assert.False(_store.Moved.IsCompleted);
    }

    [Fact]
    public void Read_MovedDatabase_GivesTheRecordedTargetAndTime()
    {
        Assert.Equal(new SqliteMoveRecord(Target, "2026-12-07T09:00:00.000Z"), SqliteMoveRecord.Read(DatabasePath));
    }

    [Fact]
    public async Task Read_DatabaseNeverMoved_IsNull()
    {
        var other = Path.Combine(_directory.Path, "other.db");
        await using (await SqliteMetadataStore.OpenAsync(other, None))
        {
        }

        Assert.Null(SqliteMoveRecord.Read(other));
        Assert.Null(SqliteMoveRecord.Read(Path.Combine(_directory.Path, "absent.db")));
    }

    private static ObjectInfo Version(string key) => SqliteMetadataStoreTests.Version(key, $"\"{key}\"");

    private static IamPrincipal Principal(string name) => new()
    {
        Kind = PrincipalKind.User,
        Name = name,
        Id = "AID" + Guid.NewGuid().ToString("N")[..17].ToUpperInvariant(),
        Created = DateTimeOffset.UnixEpoch,
    };

    private static KmsKey Key(string id) =>
        new(id, "", KmsKeyState.Enabled, KmsKeyManager.Customer, DateTimeOffset.UnixEpoch, null, null, null, DateTimeOffset.UnixEpoch);

    private static KmsKeyMaterial Material(string id) => new(id, 1, new byte[60], DateTimeOffset.UnixEpoch);
}
