using Coffer.Engine.Postgres;
using Coffer.TestKit.Postgres;

using Npgsql;

namespace Coffer.Engine.Contract.Tests.Postgres;

/// <summary>Opening a store on PostgreSQL: the schema it creates and the databases it refuses, each with one clear line.</summary>
public sealed class PostgresSchemaTests : IAsyncLifetime
{
    private static PostgresServer Server => PostgresServer.Shared;

    private string _database = "";

    public async Task InitializeAsync() => _database = await Server.CreateDatabaseAsync();

    public Task DisposeAsync() => Server.DropDatabaseAsync(_database);

    [Fact]
    public async Task OpenAsync_EmptyDatabase_CreatesEveryTableAtTheNewestVersion()
    {
        await using (await PostgresMetadataStore.OpenAsync(Server.Uri(_database), CancellationToken.None))
        {
        }

        Assert.Equal(PostgresSchema.Steps.Count, await ScalarAsync<int>("SELECT version FROM coffer_schema"));
        var tables = await ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN " +
            "('buckets', 'object_versions', 'version_blobs', 'uploads', 'upload_parts', 'iam_principals', 'kms_keys', 'inline_blobs')");
        Assert.Equal(8, tables);
    }

    [Fact]
    public async Task OpenAsync_Twice_AppliesNoStepAgain()
    {
        await using (await PostgresMetadataStore.OpenAsync(Server.ConnectionString(_database), CancellationToken.None))
        {
        }

        await using (await PostgresMetadataStore.OpenAsync(Server.ConnectionString(_database), CancellationToken.None))
        {
        }

        Assert.Equal(PostgresSchema.Steps.Count, await ScalarAsync<int>("SELECT version FROM coffer_schema"));
    }

    [Fact]
    public async Task OpenAsync_ConcurrentlyFromThreeNodes_MigratesOnce()
    {
        var opens = Enumerable.Range(0, 3).Select(_ => PostgresMetadataStore.OpenAsync(Server.ConnectionString(_database), CancellationToken.None));

        foreach (var store in await Task.WhenAll(opens))
        {
            await store.DisposeAsync();
        }

        Assert.Equal(PostgresSchema.Steps.Count, await ScalarAsync<int>("SELECT version FROM coffer_schema"));
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanThisBuild_RefusesWithOneLine()
    {
        await using (await PostgresMetadataStore.OpenAsync(Server.ConnectionString(_database), CancellationToken.None))
        {
        }

        await ExecuteAsync("UPDATE coffer_schema SET version = version + 1");

        var refused = await Assert.ThrowsAsync<MetadataDatabaseException>(
            () => PostgresMetadataStore.OpenAsync(Server.ConnectionString(_database), CancellationToken.None));
        Assert.Contains("newer than this build", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task OpenAsync_ReadOnlyDatabase_RefusesWithOneLine()
    {
        await Server.AdministerAsync($"ALTER DATABASE {_database} SET default_transaction_read_only = on");

        var refused = await Assert.ThrowsAsync<MetadataDatabaseException>(
            () => PostgresMetadataStore.OpenAsync(Server.ConnectionString(_database), CancellationToken.None));
        Assert.Contains("read-only", refused.Message);
    }

    [Fact]
    public async Task OpenAsync_NoServerOnThePort_RefusesQuicklyWithOneLine()
    {
        var refused = await Assert.ThrowsAsync<MetadataDatabaseException>(
            () => PostgresMetadataStore.OpenAsync("postgresql://coffer@127.0.0.1:1/coffer", CancellationToken.None));

        Assert.StartsWith("The metadata database cannot be reached", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task OpenAsync_DatabaseThatDoesNotExist_SaysSo()
    {
        var refused = await Assert.ThrowsAsync<MetadataDatabaseException>(
            () => PostgresMetadataStore.OpenAsync(Server.Uri("no_such_database"), CancellationToken.None));

        Assert.StartsWith("The metadata database does not exist", refused.Message);
    }

    [Fact]
    public async Task OpenAsync_MalformedUri_SaysSo()
    {
        var refused = await Assert.ThrowsAsync<MetadataDatabaseException>(
            () => PostgresMetadataStore.OpenAsync("postgresql://", CancellationToken.None));

        Assert.StartsWith("The metadata URI is not valid", refused.Message);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
