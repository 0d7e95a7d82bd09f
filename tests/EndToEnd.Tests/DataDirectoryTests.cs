using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server;
using Coffer.Server.Hosting;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// One data directory, one server, private: a second server on a directory in use refuses to start, a killed
/// server's directory can be taken over at once, and nothing in the directory is open to other local users.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DataDirectoryTests
{
    private const string AccessKey = "DATADIRTESTKEY";
    private const string SecretKey = "data-directory-secret-0123456789abcdefghij";
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string TightenedSays = "was open to other local users; made it private";

    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ServerStart_DirectoryInUseByAnotherServer_ExitsOneWithOneLineNamingDirectoryAndHolderWhileTheFirstServes()
    {
        using var data = new TempDirectory("coffer-lock-");
        using var first = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey);
        using var s3 = ProcessServerClients.Create(first.Endpoint, AccessKey, SecretKey);
        await s3.PutBucketAsync("kept");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "a.txt", ContentBody = "before" });

        var second = await StartSecondServerAsync(data.Path);

        Assert.Equal(1, second.ExitCode);
        var line = Assert.Single(Lines(second.Error));
        Assert.Contains(data.Path, line, StringComparison.Ordinal);
        Assert.Contains($"PID {first.ProcessId}", line, StringComparison.Ordinal);
        Assert.Empty(Lines(second.Output));

        // The first server goes on serving, and the scrub, which only reads, still runs beside it.
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "b.txt", ContentBody = "after" });
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "kept" });
        Assert.Equal(["a.txt", "b.txt"], listed.S3Objects.Select(o => o.Key));
        var scrub = await CofferCommand.RunAsync(RefusalTimeout, "admin", "scrub", "--data", data.Path);
        Assert.True(scrub.ExitCode == 0, scrub.Output + scrub.Error);
    }

    [Fact]
    public async Task ServerStart_AfterTheHolderWasKilled_StartsOnTheSameDirectory()
    {
        using var data = new TempDirectory("coffer-lock-");
        using (var first = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            using var s3 = ProcessServerClients.Create(first.Endpoint, AccessKey, SecretKey);
            await s3.PutBucketAsync("kept");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "a.txt", ContentBody = "survives" });
            Assert.Equal(1, (await StartSecondServerAsync(data.Path)).ExitCode);

            first.Kill();
        }

        // SIGKILL runs no code of the server's: the kernel alone let go of the lock.
        using var next = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey);
        using var again = ProcessServerClients.Create(next.Endpoint, AccessKey, SecretKey);
        using var read = await again.GetObjectAsync("kept", "a.txt");
        Assert.Equal("survives", await new StreamReader(read.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task CreateAsync_SecondHostInTheSameProcess_IsRefusedUntilTheFirstIsDisposed()
    {
        using var data = new TempDirectory("coffer-lock-");
        var options = new ServerOptions { DataDirectory = data.Path, Address = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0) };

        var first = await CofferHost.CreateAsync(options);
        DataDirectoryInUseException refused;
        try
        {
            refused = await Assert.ThrowsAsync<DataDirectoryInUseException>(() => CofferHost.CreateAsync(options));
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var third = await CofferHost.CreateAsync(options);

        Assert.Equal(Environment.ProcessId, refused.HolderProcessId);
    }

    [Fact]
    public async Task ServerStart_FreshDirectoryUnderUmask000_EveryFolderIs0700AndEveryFile0600()
    {
        using var parent = new TempDirectory("coffer-modes-");
        var data = Path.Combine(parent.Path, "data");
        using var server = await ServerProcess.StartAsync(data, AccessKey, SecretKey, umask: "000");
        using var s3 = ProcessServerClients.Create(server.Endpoint, AccessKey, SecretKey);
        await FillAsync(s3);

        // Walked while the server runs: its process-id file and the database's WAL and shared memory exist only now.
        var entries = AssertOwnerOnly(data).Select(path => Path.GetRelativePath(data, path)).ToList();
        Assert.Superset(new HashSet<string> { "coffer.lock", "coffer.pid", "metadata.db", "metadata.db-wal", "metadata.db-shm", "blobs/tmp" }, entries.ToHashSet());
        Assert.Contains(entries, IsBlob);

        // The server really ran under umask 000, which would have left what it created open to everyone; and it made
        // everything private as it went, not by tightening afterwards.
        Assert.Contains("Umask:\t0000", await File.ReadAllTextAsync($"/proc/{server.ProcessId}/status"), StringComparison.Ordinal);
        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain(TightenedSays, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStart_ExistingDirectoryReadableByOthers_IsTightenedAndSaysSoInOneLine()
    {
        using var data = new TempDirectory("coffer-modes-");
        using (var before = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            using var s3 = ProcessServerClients.Create(before.Endpoint, AccessKey, SecretKey);
            await FillAsync(s3);
            Assert.Equal(0, await before.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        // What an older Coffer left: folders 0755 and files 0644.
        var loosened = 0;
        foreach (var entry in new DirectoryInfo(data.Path).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(data.Path)))
        {
            entry.UnixFileMode = entry is DirectoryInfo
                ? OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                : OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            loosened++;
        }

        using (var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey))
        {
            AssertOwnerOnly(data.Path);

            // Stopped before its output is read: the log line is written by the logger's own thread.
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(60)));
            var said = Assert.Single(Lines(server.Output), line => line.Contains(TightenedSays, StringComparison.Ordinal));
            Assert.EndsWith($"entries changed: {loosened}", said, StringComparison.Ordinal);
            Assert.Contains(data.Path, said, StringComparison.Ordinal);
        }

        // Once private, a start neither walks nor says anything.
        using var later = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey);
        Assert.Equal(0, await later.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain(TightenedSays, later.Output, StringComparison.Ordinal);
    }

    /// <summary>A bucket with a small object (kept inline in the database), a blob-sized one and a completed multipart upload.</summary>
    private static async Task FillAsync(AmazonS3Client s3)
    {
        await s3.PutBucketAsync("modes");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "modes", Key = "small.txt", ContentBody = "inline" });
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "modes",
            Key = "large.bin",
            InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(200 * 1024)),
        });
        var upload = await OpenUpload.StartAsync(s3, "modes", "multipart.bin", null, null, 5 * 1024 * 1024, 1024);
        Assert.Equal(HttpStatusCode.OK, (await upload.CompleteAsync(s3)).HttpStatusCode);
    }

    /// <summary>Asserts the directory and every folder under it are 0700 and every file 0600; returns every path walked.</summary>
    private static List<string> AssertOwnerOnly(string root)
    {
        var entries = new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Append(new DirectoryInfo(root))
            .ToList();
        var open = entries
            .Where(entry => entry.UnixFileMode != (entry is DirectoryInfo ? OwnerOnlyFolder : OwnerOnlyFile))
            .Select(entry => $"{Convert.ToString((int)entry.UnixFileMode, 8)} {entry.FullName}")
            .ToList();
        Assert.True(open.Count == 0, "not owner-only:\n" + string.Join('\n', open));
        return [.. entries.Select(entry => entry.FullName)];
    }

    // blobs/ab/cd/abcd…
    private static bool IsBlob(string relativePath) =>
        relativePath.Split('/') is ["blobs", { Length: 2 } outer, { Length: 2 } inner, var name] && name.StartsWith(outer + inner, StringComparison.Ordinal);

    private static Task<ChildProcess.Result> StartSecondServerAsync(string dataDirectory) =>
        CofferCommand.RunAsync(RefusalTimeout, "server", "--data", dataDirectory, "--address", "127.0.0.1:0");

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
