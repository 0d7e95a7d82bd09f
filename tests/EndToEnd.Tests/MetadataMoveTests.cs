using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server.Commands;
using Coffer.Server.Hosting;
using Coffer.TestKit;
using Coffer.TestKit.Postgres;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The server's side of a move of the metadata from SQLite to PostgreSQL (the move contract, docs/scale-out.md), with
/// the switch that ends `coffer admin migrate` made by hand: a running `coffer server` answers the writes the move
/// caught with 503 and then serves from the new database on the same address, under the same signals; a server started
/// later on the directory runs there too, and so does `coffer admin scrub`; a --metadata naming another database, or a
/// moved directory that lost the file naming the new one, is refused in one line. Nothing is copied here (the tool
/// does that): the new database starts empty, so only what is written after the move is read back from it.
/// </summary>
public sealed partial class MetadataMoveTests : IAsyncLifetime
{
    private const string AccessKey = "METADATAMOVEKEY";
    private const string SecretKey = "metadata-move-secret-0123456789abcdefghij";

    /// <summary>Generous bounds only: the machine may be busy, and no test here times anything exactly.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _data = new("coffer-move-");
    private string _database = "";

    private string Target => PostgresServer.Shared.Uri(_database);

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        await PostgresServer.Shared.DropDatabaseAsync(_database);
        _data.Dispose();
    }

    [Fact]
    public async Task RunningServer_MetadataMovedUnderIt_Answers503ThenServesFromTheNewDatabaseOnTheSameAddress()
    {
        using var server = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey);
        using (var s3 = Client(server.Endpoint))
        {
            // 1. A PUT in flight across the move, let go once the switch drains: its commit surely meets the triggers.
            var (body, caught) = await MoveDuringUploadAsync(server, s3);
            body.Open();

            var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => caught.WaitAsync(Patience));
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"), (refused.StatusCode, refused.ErrorCode));
        }

        var switched = await server.WaitForLineAsync("serving from PostgreSQL", Patience);
        Assert.Contains($"The metadata moved to {Target} on ", switched, StringComparison.Ordinal);

        // 2. Writes through the same process, on the same address, land in the new database: a fresh node on it reads them.
        var content = RandomNumberGenerator.GetBytes(64 * 1024);
        using (var s3 = Client(server.Endpoint))
        {
            await s3.PutBucketAsync("after");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "after", Key = "written", InputStream = new MemoryStream(content) });
        }

        using (var node = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey, arguments: ["--metadata", Target]))
        using (var s3 = Client(node.Endpoint))
        {
            Assert.Equal(content, await ReadAsync(s3, "after", "written"));
        }

        // 3. The signals followed the new host: SIGTERM drains it and the process ends cleanly, once, with the banner printed once.
        Assert.Equal(0, await server.TerminateAsync(Patience));
        Assert.Contains("Stopping on SIGTERM", server.Output, StringComparison.Ordinal);
        Assert.Equal(2, server.Output.Split(Banner.ListeningPrefix).Length);
    }

    [Fact]
    public async Task RunningServer_ConnectionOpenedWhileTheSwitchDrains_WaitsAndIsAnsweredByTheNewHost()
    {
        using var server = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey);
        using var s3 = Client(server.Endpoint);

        // The switch drains, held by the upload in flight: the old host listens no more, the new one not yet.
        var (body, caught) = await MoveDuringUploadAsync(server, s3);
        await server.WaitForLineAsync("draining the requests in flight", Patience);
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {HealthEndpoint.LivePath} HTTP/1.1\r\nHost: coffer\r\nConnection: close\r\n\r\n"));

        body.Open();
        await Assert.ThrowsAsync<AmazonS3Exception>(() => caught.WaitAsync(Patience));
        await server.WaitForLineAsync("serving from PostgreSQL", Patience);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.Equal("HTTP/1.1 200 OK", await reader.ReadLineAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task Sigterm_WhileTheSwitchDrains_StopsTheServerInsteadOfSwitching()
    {
        using var server = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey);
        using var s3 = Client(server.Endpoint);

        // The switch waits on the upload in flight; the signal comes meanwhile.
        var (body, caught) = await MoveDuringUploadAsync(server, s3);
        await server.SignalAsync("TERM");
        await server.WaitForLineAsync("Stopping on SIGTERM", Patience);
        body.Open();
        await Assert.ThrowsAsync<AmazonS3Exception>(() => caught.WaitAsync(Patience));

        Assert.Equal(0, await server.WaitForExitAsync(Patience));
        Assert.DoesNotContain("serving from PostgreSQL", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStart_OnAMovedDirectory_RunsOnTheNewDatabaseAndSaysSo()
    {
        await MoveStoppedDirectoryAsync();

        using var server = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey);
        var line = await server.WaitForLineAsync("serving from PostgreSQL", Patience);
        Assert.Contains($"The metadata moved to {Target} on ", line, StringComparison.Ordinal);

        // SQLite refuses every write since the move: this one is taken, so it went to PostgreSQL.
        var content = RandomNumberGenerator.GetBytes(1024);
        using var s3 = Client(server.Endpoint);
        await s3.PutBucketAsync("after");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "after", Key = "written", InputStream = new MemoryStream(content) });
        Assert.Equal(content, await ReadAsync(s3, "after", "written"));
    }

    [Fact]
    public async Task AdminScrub_OnAMovedDirectory_ChecksTheNewDatabasesObjects()
    {
        // Two objects stay behind in SQLite; the new database gets one, written after the move.
        await MoveStoppedDirectoryAsync("left-1", "left-2");
        using (var server = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey))
        using (var s3 = Client(server.Endpoint))
        {
            await s3.PutBucketAsync("after");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "after", Key = "written", InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(64 * 1024)) });
            Assert.Equal(0, await server.TerminateAsync(Patience));
        }

        var scrub = await CofferCommand.RunAsync(Patience, StartupFailureTests.WithoutCofferVariables(new Dictionary<string, string?>()), "admin", "scrub", "--data", _data.Path);

        Assert.True(scrub.ExitCode == 0, $"exit {scrub.ExitCode}: {scrub.Output}{scrub.Error}");
        Assert.Matches(OneObjectChecked(), scrub.Output);
    }

    [Fact]
    public async Task ServerStart_MovedDirectoryWithAnotherMetadata_IsRefusedInOneLine()
    {
        await MoveStoppedDirectoryAsync();
        var elsewhere = PostgresServer.Shared.Uri("coffer_elsewhere");

        var result = await CofferCommand.RunAsync(
            Patience, StartupFailureTests.WithoutCofferVariables(new Dictionary<string, string?>()),
            "server", "--data", _data.Path, "--address", "127.0.0.1:0", "--metadata", elsewhere);

        Assert.True(result.ExitCode == ServerStartup.InvalidConfiguration, $"exit {result.ExitCode}: {result.Output}{result.Error}");
        var line = Assert.Single(StartupFailureTests.Lines(result.Error));
        Assert.Contains($"--metadata names another database than the one {_data.Path}'s metadata moved to ({Target})", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStart_MovedDirectoryThatLostTheTargetFile_IsRefusedInOneLine()
    {
        await MoveStoppedDirectoryAsync();
        File.Delete(Path.Combine(_data.Path, "metadata-moved"));

        var result = await CofferCommand.RunAsync(
            Patience, StartupFailureTests.WithoutCofferVariables(new Dictionary<string, string?>()),
            "server", "--data", _data.Path, "--address", "127.0.0.1:0");

        Assert.True(result.ExitCode == ServerStartup.InvalidConfiguration, $"exit {result.ExitCode}: {result.Output}{result.Error}");
        var line = Assert.Single(StartupFailureTests.Lines(result.Error));
        Assert.Contains($"its metadata moved to {Target} on ", line, StringComparison.Ordinal);
        Assert.Contains("metadata-moved, which holds its connection string, is missing", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts a PUT whose body waits at a gate after its first bytes, moves the metadata under the server, and returns
    /// once the server drains for the switch, the PUT still in flight: the test opens the gate.
    /// </summary>
    private async Task<(GatedStream Body, Task<PutObjectResponse> Upload)> MoveDuringUploadAsync(ServerProcess server, AmazonS3Client s3)
    {
        await s3.PutBucketAsync("before");
        var body = new GatedStream(RandomNumberGenerator.GetBytes(256 * 1024), openBytes: 64 * 1024);
        var upload = s3.PutObjectAsync(new PutObjectRequest { BucketName = "before", Key = "caught", InputStream = body });
        await body.Waiting.WaitAsync(Patience);

        MetadataMoveByHand.Move(_data.Path, Target, DateTimeOffset.UtcNow);
        await server.WaitForLineAsync("draining the requests in flight, then serving from there on the same address", Patience);
        return (body, upload);
    }

    /// <summary>A directory a server on SQLite used (a bucket, and the objects named), stopped, then moved by hand.</summary>
    private async Task MoveStoppedDirectoryAsync(params string[] keys)
    {
        using (var server = await ServerProcess.StartAsync(_data.Path, AccessKey, SecretKey))
        using (var s3 = Client(server.Endpoint))
        {
            await s3.PutBucketAsync("before");
            foreach (var key in keys)
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "before", Key = key, ContentBody = key });
            }

            Assert.Equal(0, await server.TerminateAsync(Patience));
        }

        MetadataMoveByHand.Move(_data.Path, Target, DateTimeOffset.UtcNow);
    }

    private static AmazonS3Client Client(Uri endpoint) => ProcessServerClients.Create(endpoint, AccessKey, SecretKey);

    private static async Task<byte[]> ReadAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var stored = await s3.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [GeneratedRegex(@"(?m)^objects\s+1\s*$")]
    private static partial Regex OneObjectChecked();
}
