using System.Runtime.Versioning;

using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Engine.Versions;
using Coffer.TestKit;

using Microsoft.Data.Sqlite;

using Xunit.Abstractions;

namespace Coffer.Engine.Contract.Tests.Sqlite;

/// <summary>What only the SQLite adapter promises: its file settings, its schema versioning and its query plans.</summary>
public sealed class SqliteMetadataStoreTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "metadata.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OpenAsync_NewFile_IsInWalModeAtTheNewestSchemaVersion()
    {
        await using (await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
        }

        using var connection = OpenConnection();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal((long)Migrations.Steps.Count, Scalar(connection, "PRAGMA user_version;"));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task OpenAsync_NewFile_DatabaseAndItsWalAndSharedMemoryAre0600()
    {
        await using var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        await store.CreateBucketAsync(new BucketInfo("bucket", "us-east-1", "owner", DateTimeOffset.UnixEpoch), CancellationToken.None);

        // SQLite would make the database 0644 less the umask; the -wal and -shm files take the database's mode.
        Assert.All(
            new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" },
            file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanThisBuild_Throws()
    {
        await using (await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
        }

        using (var connection = OpenConnection())
        {
            Scalar(connection, $"PRAGMA user_version = {Migrations.Steps.Count + 1};");
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None));
    }

    [Fact]
    public async Task CommitVersionAsync_TwoStoresOnOneFileRacing_ExactlyOneMustNotExistWins()
    {
        // Two stores stand for two processes: their writers serialise in SQLite's file lock,
        // not in the store's semaphore, and the condition must still be checked atomically.
        await using var first = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        await using var second = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        await first.CreateBucketAsync(new BucketInfo("bucket", "us-east-1", "owner", DateTimeOffset.UnixEpoch), CancellationToken.None);
        var condition = new WriteCondition { MustNotExist = true };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
        {
            var version = new ObjectInfo
            {
                Bucket = "bucket",
                Key = "race",
                VersionId = "null",
                Size = 1,
                ETag = $"\"{i}\"",
                LastModified = DateTimeOffset.UnixEpoch,
                Attributes = ObjectAttributes.Default,
                Segments = [new BlobSegment(BlobId.New(), 1)],
            };
            var store = i % 2 == 0 ? first : second;
            return store.CommitVersionAsync(version, condition, BlobOrigin.NewlyWritten, CancellationToken.None);
        })));

        Assert.Single(outcomes, outcome => outcome.Status == CommitStatus.Committed);
        Assert.Equal(19, outcomes.Count(outcome => outcome.Status == CommitStatus.ConditionFailed));
    }

    [Fact]
    public async Task CommitVersionAsync_ManyConcurrentWrites_AllCommitAndAreReadable()
    {
        await using var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        await store.CreateBucketAsync(new BucketInfo("bucket", "us-east-1", "owner", DateTimeOffset.UnixEpoch), CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() =>
            store.CommitVersionAsync(Version($"key-{i:D3}", $"\"{i}\""), WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None))));

        Assert.All(outcomes, outcome => Assert.Equal(CommitStatus.Committed, outcome.Status));
        var listed = await store.ScanAsync("bucket", ReadOnlyMemory<byte>.Empty, inclusive: true, ReadOnlyMemory<byte>.Empty, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"key-{i:D3}"), listed.Select(version => version.Key));
        Assert.Empty(await store.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CommitVersionAsync_ConcurrentMustNotExistOnOneStore_ExactlyOneWins()
    {
        // The writes share transactions, but each checks its condition after the previous one's changes.
        await using var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        await store.CreateBucketAsync(new BucketInfo("bucket", "us-east-1", "owner", DateTimeOffset.UnixEpoch), CancellationToken.None);
        var condition = new WriteCondition { MustNotExist = true };

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            store.CommitVersionAsync(Version("race", $"\"{i}\""), condition, BlobOrigin.NewlyWritten, CancellationToken.None))));

        Assert.Single(outcomes, outcome => outcome.Status == CommitStatus.Committed);
        Assert.Equal(49, outcomes.Count(outcome => outcome.Status == CommitStatus.ConditionFailed));
        Assert.Single(await store.ScanAsync("bucket", ReadOnlyMemory<byte>.Empty, inclusive: true, ReadOnlyMemory<byte>.Empty, 10, CancellationToken.None));
    }

    [Fact]
    public async Task DisposeAsync_WithWritesInFlight_CommitsThemAndRefusesLaterOnes()
    {
        var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        await store.CreateBucketAsync(new BucketInfo("bucket", "us-east-1", "owner", DateTimeOffset.UnixEpoch), CancellationToken.None);
        var inFlight = Enumerable.Range(0, 100)
            .Select(i => store.CommitVersionAsync(Version($"key-{i:D3}", "\"e\""), WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None))
            .ToList();

        await store.DisposeAsync();

        Assert.All(await Task.WhenAll(inFlight), outcome => Assert.Equal(CommitStatus.Committed, outcome.Status));
        await Assert.ThrowsAsync<ObjectDisposedException>(() =>
            store.CommitVersionAsync(Version("late", "\"e\""), WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None));
        await using var reopened = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        Assert.Equal(100, (await reopened.ScanAsync("bucket", ReadOnlyMemory<byte>.Empty, inclusive: true, ReadOnlyMemory<byte>.Empty, 1000, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task GetBucketAsync_BeforeInitialize_ThrowsInvalidOperation()
    {
        await using var store = new SqliteMetadataStore(DatabasePath);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetBucketAsync("bucket", CancellationToken.None));
    }

    [Fact]
    public async Task GetBucketAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetBucketAsync("bucket", CancellationToken.None));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task ScanQuery_EveryShape_IsARangeSeekInKeyOrder(bool fromInclusive, bool bounded)
    {
        await using (await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
        }

        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + ScanQuery.For(fromInclusive, bounded);
        command.Parameters.AddWithValue("$bucket", "bucket");
        command.Parameters.AddWithValue("$from", new byte[] { 0x61 });
        if (bounded)
        {
            command.Parameters.AddWithValue("$before", new byte[] { 0x62 });
        }

        command.Parameters.AddWithValue("$limit", 10);
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var step = Assert.Single(plan);
        Assert.StartsWith("SEARCH object_versions USING INDEX object_versions_latest (bucket=? AND key>", step, StringComparison.Ordinal);
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(UploadListQuery.Start.AfterKey), false)]
    [InlineData(nameof(UploadListQuery.Start.AfterKey), true)]
    [InlineData(nameof(UploadListQuery.Start.AtKey), false)]
    [InlineData(nameof(UploadListQuery.Start.AtKey), true)]
    [InlineData(nameof(UploadListQuery.Start.AfterUpload), false)]
    [InlineData(nameof(UploadListQuery.Start.AfterUpload), true)]
    public async Task UploadListQuery_EveryShape_IsARangeSeekInKeyAndUploadIdOrder(string shape, bool bounded)
    {
        var start = Enum.Parse<UploadListQuery.Start>(shape);
        await using (await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
        }

        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + UploadListQuery.For(start, bounded);
        command.Parameters.AddWithValue("$bucket", "bucket");
        command.Parameters.AddWithValue("$from", new byte[] { 0x61 });
        if (start == UploadListQuery.Start.AfterUpload)
        {
            command.Parameters.AddWithValue("$after_id", "0");
        }

        if (bounded)
        {
            command.Parameters.AddWithValue("$before", new byte[] { 0x62 });
        }

        command.Parameters.AddWithValue("$limit", 10);
        var plan = ReadPlan(command);

        var step = Assert.Single(plan);
        Assert.StartsWith("SEARCH uploads USING INDEX uploads_by_key (bucket=? AND ", step, StringComparison.Ordinal);
        Assert.Contains(start == UploadListQuery.Start.AfterUpload ? "(key,upload_id)>(?,?)" : "key>", step, StringComparison.Ordinal);
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task VersionScanQuery_RangeRead_IsARangeSeekInIndexOrder(bool fromInclusive, bool bounded)
    {
        var plan = await PlanAsync(VersionScanQuery.RangeFor(fromInclusive, bounded), bounded ? ["$before"] : []);

        var step = Assert.Single(plan);
        Assert.StartsWith("SEARCH object_versions USING INDEX object_versions_by_key (bucket=? AND key>", step, StringComparison.Ordinal);
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VersionScanQuery_OlderVersionsOfAKey_IsABackwardSeekWithoutASort()
    {
        var plan = await PlanAsync(VersionScanQuery.OlderText, ["$key", "$below"]);

        var step = Assert.Single(plan);
        Assert.Equal("SEARCH object_versions USING INDEX object_versions_by_key (bucket=? AND key=? AND id<?)", step);
    }

    [Fact]
    public async Task VersionScanQuery_VersionsOfTheWalkedKeys_SeekEachKeyWithoutASort()
    {
        var plan = await PlanAsync(VersionScanQuery.OfKeysText, ["$keys"]);

        Assert.Contains(plan, line => line.StartsWith("SEARCH object_versions USING INDEX object_versions_by_key (bucket=? AND key=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("SCAN object_versions", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task VersionScanQuery_GroupedWalk_SeeksFromKeyToKey(bool fromInclusive)
    {
        var plan = await PlanAsync(VersionScanQuery.WalkFor(fromInclusive), ["$before", "$skip", "$delimiter"]);

        Assert.Contains(plan, line => line.StartsWith("SEARCH object_versions USING COVERING INDEX object_versions_by_key (bucket=? AND key>", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("SCAN object_versions", StringComparison.Ordinal));

        // The one sort is of the walk's own rows (at most a page of keys and prefixes), never of versions.
        Assert.Equal("USE TEMP B-TREE FOR ORDER BY", Assert.Single(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal)));
    }

    /// <summary>The query plan of one statement, over a freshly migrated database, with every parameter bound to something.</summary>
    private async Task<List<string>> PlanAsync(string sql, string[] extra)
    {
        await using (await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
        }

        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("$bucket", "bucket");
        command.Parameters.AddWithValue("$from", new byte[] { 0x61 });
        command.Parameters.AddWithValue("$limit", 10);
        foreach (var name in extra)
        {
            command.Parameters.AddWithValue(name, name switch
            {
                "$keys" => "[\"61\"]",
                "$below" or "$skip" => 1,
                _ => new byte[] { 0x62 },
            });
        }

        var plan = ReadPlan(command);
        output.WriteLine(string.Join(Environment.NewLine, plan));
        return plan;
    }

    [Fact]
    public async Task OpenAsync_DatabaseAtSchemaOne_MigratesAndKeepsItsObjects()
    {
        // A file written before multipart uploads existed: schema step 1 only, with an object.
        using (var connection = OpenConnection())
        {
            Scalar(connection, Migrations.Steps[0] + ";\nPRAGMA user_version = 1;");
            Scalar(connection, "INSERT INTO buckets VALUES ('bucket', 'us-east-1', 'owner', 0);");
            Scalar(connection,
                "INSERT INTO object_versions (bucket, key, version_id, is_latest, is_delete_marker, size, etag, last_modified, storage_class, headers, owner) " +
                "VALUES ('bucket', x'6b', 'null', 1, 0, 0, '\"e\"', 0, 'STANDARD', '{}', 'owner');");
        }

        await using var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);
        var upload = new UploadInfo { Bucket = "bucket", Key = "k", UploadId = "u", Initiated = DateTimeOffset.UnixEpoch };

        Assert.NotNull(await store.GetLatestAsync("bucket", "k", CancellationToken.None));
        Assert.Equal(CommitStatus.Committed, await store.CreateUploadAsync(upload, CancellationToken.None));
        Assert.Empty(await store.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_DatabaseAtSchemaThree_MigratesAndKeepsSettingsOfItsBuckets()
    {
        // A file written before bucket settings existed, with a bucket.
        using (var connection = OpenConnection())
        {
            Scalar(connection, string.Join(";\n", Migrations.Steps.Take(3)) + ";\nPRAGMA user_version = 3;");
            Scalar(connection, "INSERT INTO buckets VALUES ('bucket', 'us-east-1', 'owner', 0);");
        }

        await using var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, await store.PutBucketSettingAsync("bucket", "cors", "document", CancellationToken.None));
        Assert.Equal("document", await store.GetBucketSettingAsync("bucket", "cors", CancellationToken.None));
        Assert.Equal(DeleteBucketOutcome.Deleted, await store.DeleteBucketAsync("bucket", CancellationToken.None));
        Assert.Empty(await store.CheckIntegrityAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_DatabaseAtSchemaFive_MigratesAndKeepsVersionsWithTheDefaultAcl()
    {
        // A file written before ACLs existed, with an object and an open upload.
        using (var connection = OpenConnection())
        {
            Scalar(connection, string.Join(";\n", Migrations.Steps.Take(5)) + ";\nPRAGMA user_version = 5;");
            Scalar(connection, "INSERT INTO buckets VALUES ('bucket', 'us-east-1', 'owner', 0);");
        }

        await using (var store = await SqliteMetadataStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
            var version = new ObjectInfo
            {
                Bucket = "bucket",
                Key = "k",
                VersionId = "null",
                Size = 0,
                ETag = "\"e\"",
                LastModified = DateTimeOffset.FromUnixTimeMilliseconds(0),
                Attributes = ObjectAttributes.Default,
            };
            Assert.Equal(CommitStatus.Committed, (await store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, CancellationToken.None)).Status);
            Assert.Null((await store.GetLatestAsync("bucket", "k", CancellationToken.None))!.Attributes.Acl);
            Assert.Equal(CommitStatus.Committed, await store.SetVersionAclAsync("bucket", "k", "null", "READ id x\n", CancellationToken.None));
            Assert.Equal("READ id x\n", (await store.GetLatestAsync("bucket", "k", CancellationToken.None))!.Attributes.Acl);
            Assert.Empty(await store.CheckIntegrityAsync(CancellationToken.None));
        }

        using (var connection = OpenConnection())
        {
            Assert.Equal((long)Migrations.Steps.Count, Scalar(connection, "PRAGMA user_version;"));
        }
    }

    /// <summary>A one-byte version of <paramref name="key"/> in the bucket named "bucket", as the tests of this adapter write them.</summary>
    internal static ObjectInfo Version(string key, string etag) => new()
    {
        Bucket = "bucket",
        Key = key,
        VersionId = "null",
        Size = 1,
        ETag = etag,
        LastModified = DateTimeOffset.UnixEpoch,
        Attributes = ObjectAttributes.Default,
        Segments = [new BlobSegment(BlobId.New(), 1)],
    };

    private static List<string> ReadPlan(SqliteCommand command)
    {
        var plan = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
