using System.Runtime.Versioning;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Admin.Migration;
using Coffer.TestKit;
using Coffer.TestKit.Postgres;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// `coffer admin migrate` on a stopped server's data directory: the metadata moves to PostgreSQL whole (a server on the
/// target serves every object, version, upload, setting, user and key), an interrupted move continues when run again, a
/// finished one says so, and a move that cannot be right (a target of another deployment, a target that differs at the
/// verification) leaves the source as it was.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MigrateCommandTests : IAsyncLifetime
{
    private readonly MoveTarget _move = new();

    private string Target => _move.Uri;

    private string DataDirectory => _move.DataDirectory;

    private string MovedFile => _move.MovedFile;

    public Task InitializeAsync() => _move.InitializeAsync();

    public Task DisposeAsync() => _move.DisposeAsync();

    [Fact]
    public async Task Migrate_StoppedServersDirectory_ServerOnTheTargetServesEverything()
    {
        var scenario = await StoreOnSqliteAsync();

        var (exitCode, output, error) = await AdminCli.RunOnDiskAsync("migrate", "--to", Target, "--data", DataDirectory);

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"object_versions\s+8\s+[0-9a-f]{64}", output);
        Assert.Matches(@"iam_access_keys\s+1\s+[0-9a-f]{64}", output);
        Assert.Contains("Writes paused for", output, StringComparison.Ordinal);
        Assert.Equal(Target + "\n", await File.ReadAllTextAsync(MovedFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MovedFile));
        Assert.Empty(SourceTables("coffer_migration%"));
        Assert.Equal(54, SourceTables("coffer_moved_%").Count);
        await AssertServedOnTargetAsync(scenario);
    }

    [Fact]
    public async Task Migrate_FinishedMove_SaysSoAndExitsZero()
    {
        await StoreOnSqliteAsync();
        Assert.Equal(0, (await AdminCli.RunOnDiskAsync("migrate", "--to", Target, "--data", DataDirectory)).ExitCode);

        var (exitCode, output, _) = await AdminCli.RunOnDiskAsync("migrate", "--to", Target, "--data", DataDirectory);

        Assert.Equal(0, exitCode);
        Assert.Contains("was moved to", output, StringComparison.Ordinal);
        Assert.Contains("nothing to do", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_FinishedMoveRerunWithTheTargetWrittenOtherwise_SaysSoAndExitsZero()
    {
        await StoreOnSqliteAsync();
        Assert.Equal(0, (await AdminCli.RunOnDiskAsync("migrate", "--to", Target, "--data", DataDirectory)).ExitCode);

        var (exitCode, output, error) = await AdminCli.RunOnDiskAsync("migrate", "--to", Target + "?Timeout=7", "--data", DataDirectory);

        Assert.True(exitCode == 0, error);
        Assert.Contains("nothing to do", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_DirectoryMovedElsewhere_IsRefusedInOneLine()
    {
        await StoreOnSqliteAsync();
        Assert.Equal(0, (await AdminCli.RunOnDiskAsync("migrate", "--to", Target, "--data", DataDirectory)).ExitCode);
        var elsewhere = await PostgresServer.Shared.CreateDatabaseAsync();
        try
        {
            var (exitCode, _, error) = await AdminCli.RunOnDiskAsync("migrate", "--to", PostgresServer.Shared.Uri(elsewhere), "--data", DataDirectory);

            Assert.Equal(MigrateCommand.CouldNotMove, exitCode);
            Assert.Equal(
                $"coffer admin migrate: the metadata of {DataDirectory} was moved to {Target} already, not to {PostgresServer.Shared.Uri(elsewhere)}.\n",
                error);
            Assert.Equal(Target + "\n", await File.ReadAllTextAsync(MovedFile));
        }
        finally
        {
            await PostgresServer.Shared.DropDatabaseAsync(elsewhere);
        }
    }

    [Fact]
    public async Task Migrate_InterruptedAfterATableAndChangedMeanwhile_RerunCompletesWithEverything()
    {
        var scenario = await StoreOnSqliteAsync();
        using var interrupt = new CancellationTokenSource();
        var hooks = new MigrationHooks
        {
            TableCopied = table =>
            {
                if (table == "version_blobs")
                {
                    interrupt.Cancel();
                }

                return Task.CompletedTask;
            },
        };

        var interrupted = await RunAsync(hooks, interrupt.Token);

        Assert.Equal(MigrateCommand.Interrupted, interrupted.ExitCode);
        Assert.False(File.Exists(MovedFile));

        // The server runs on SQLite again meanwhile, and changes tables the first run copied.
        await using (var server = CofferServer.On(DataDirectory))
        {
            await server.InitializeAsync();
            using var s3 = server.CreateClient();
            await scenario.PutAsync(s3, "written-between-runs", "new"u8.ToArray());
            await scenario.DeleteAsync(s3, "nested/a key with spaces é");
            await scenario.PutAsync(s3, "small", "replaced"u8.ToArray());
        }

        var resumed = await RunAsync(new MigrationHooks(), CancellationToken.None);

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resumed: 4 of 18 tables copied before", resumed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Copying buckets", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("Copying restored_blobs", resumed.Output, StringComparison.Ordinal);
        await AssertServedOnTargetAsync(scenario);
    }

    [Fact]
    public async Task Migrate_TargetOfAnotherDeployment_IsRefusedAndNothingChanges()
    {
        await StoreOnSqliteAsync();
        using var otherData = new TempDirectory("coffer-other-");
        await using (var other = CofferServer.On(otherData.Path, configure: options => options with { Metadata = Target }))
        {
            await other.InitializeAsync();
            using var s3 = other.CreateClient();
            await s3.PutBucketAsync("theirs");
        }

        var (exitCode, _, error) = await AdminCli.RunOnDiskAsync("migrate", "--to", Target, "--data", DataDirectory);

        Assert.Equal(MigrateCommand.CouldNotMove, exitCode);
        Assert.Matches(@"^coffer admin migrate: the target already holds another deployment's metadata \(its table buckets has rows\): give an empty database\.\n$", error);
        Assert.False(File.Exists(MovedFile));
        Assert.Empty(SourceTables("coffer_%"));
        Assert.Equal(["theirs"], await TargetBucketsAsync());
    }

    [Fact]
    public async Task Migrate_DirectoryWithoutDatabase_IsRefusedInOneLine()
    {
        var (exitCode, _, error) = await AdminCli.RunOnDiskAsync("migrate", "--to", Target, "--data", DataDirectory);

        Assert.Equal(MigrateCommand.CouldNotMove, exitCode);
        Assert.Equal($"coffer admin migrate: there is no metadata database at {Path.Combine(DataDirectory, "metadata.db")}: nothing to move.\n", error);
    }

    [Fact]
    public async Task Migrate_TargetRowTamperedBeforeTheVerification_AbortsNamingTheTableAndLeavesTheSourceUnmoved()
    {
        var scenario = await StoreOnSqliteAsync();
        var hooks = new MigrationHooks
        {
            BeforeVerify = async () =>
            {
                await using var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString(_move.Database));
                await connection.OpenAsync();
                await using var tamper = new NpgsqlCommand("UPDATE iam_principals SET path = '/tampered/' WHERE kind = 'user'", connection);
                Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
            },
        };

        var (exitCode, _, error) = await RunAsync(hooks, CancellationToken.None);

        await AssertAbandonedAsync(scenario, exitCode, error, "1 rows on each side, but their checksums differ");
    }

    [Fact]
    public async Task Migrate_SourceChangedAfterTheVerification_CarriesTheChangeAndComparesItsRow()
    {
        var scenario = await StoreOnSqliteAsync();
        var hooks = new MigrationHooks { BeforePause = () => ChangeUserPathInSqliteAsync("/changed/") };

        var (exitCode, output, error) = await RunAsync(hooks, CancellationToken.None);

        Assert.True(exitCode == 0, error);
        Assert.Contains("1 rows changed since the verification compared on both sides", output, StringComparison.Ordinal);
        Assert.Equal(["/changed/"], await TargetUserPathsAsync());
        await AssertServedOnTargetAsync(scenario);
    }

    [Fact]
    public async Task Migrate_TargetStoresARowChangedAfterTheVerificationWrongly_AbortsNamingTheTableAndLeavesTheSourceUnmoved()
    {
        var scenario = await StoreOnSqliteAsync();
        var hooks = new MigrationHooks
        {
            BeforePause = async () =>
            {
                // The target now alters what it is given: the pause's replay stores another path than SQLite's.
                await using var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString(_move.Database));
                await connection.OpenAsync();
                await using var alter = new NpgsqlCommand(
                    "CREATE FUNCTION alter_path() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.path := '/altered/'; RETURN NEW; END $$; " +
                    "CREATE TRIGGER alter_path BEFORE INSERT OR UPDATE ON iam_principals FOR EACH ROW EXECUTE FUNCTION alter_path()",
                    connection);
                await alter.ExecuteNonQueryAsync();
                await ChangeUserPathInSqliteAsync("/changed/");
            },
        };

        var (exitCode, _, error) = await RunAsync(hooks, CancellationToken.None);

        await AssertAbandonedAsync(scenario, exitCode, error, "a row changed during the move differs");
    }

    /// <summary>The move found iam_principals different, said why in one line, and left the server on SQLite, writable.</summary>
    private async Task AssertAbandonedAsync(MigrationScenario scenario, int exitCode, string error, string detail)
    {
        Assert.Equal(MigrateCommand.Mismatch, exitCode);
        Assert.Equal(
            $"coffer admin migrate: table iam_principals differs between SQLite and the target ({detail}): " +
            "the move was abandoned and the server stays on SQLite.\n",
            error);
        Assert.False(File.Exists(MovedFile));
        Assert.DoesNotContain("coffer_moved", SourceTables("coffer_%"));
        await using var server = CofferServer.On(DataDirectory);
        await server.InitializeAsync();
        await scenario.AssertServedByAsync(server);
        using var s3 = server.CreateClient();
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = scenario.Bucket, Key = "still-writable", ContentBody = "yes" });
    }

    /// <summary>A write to metadata.db as the server would make it (the move's triggers log it).</summary>
    private async Task ChangeUserPathInSqliteAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "metadata.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE iam_principals SET path = $path WHERE kind = 'user'";
        command.Parameters.AddWithValue("$path", path);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<MigrationScenario> StoreOnSqliteAsync()
    {
        await using var server = CofferServer.On(DataDirectory);
        await server.InitializeAsync();
        return await MigrationScenario.StoreAsync(server);
    }

    private async Task AssertServedOnTargetAsync(MigrationScenario scenario)
    {
        await using var server = CofferServer.On(DataDirectory, configure: options => options with { Metadata = Target });
        await server.InitializeAsync();
        await scenario.AssertServedByAsync(server);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(MigrationHooks hooks, CancellationToken cancellationToken)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = await MigrateCommand.RunAsync(Target, DataDirectory, output, error, progressBar: false, hooks, cancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    private List<string> SourceTables(string like)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "metadata.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE name LIKE $like";
        command.Parameters.AddWithValue("$like", like);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private Task<List<string>> TargetBucketsAsync() => TargetStringsAsync("SELECT name FROM buckets ORDER BY name");

    private Task<List<string>> TargetUserPathsAsync() => TargetStringsAsync("SELECT path FROM iam_principals WHERE kind = 'user'");

    /// <summary>The first column of every row <paramref name="query"/> reads from the target.</summary>
    private async Task<List<string>> TargetStringsAsync(string query)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Shared.ConnectionString(_move.Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
