using System.Diagnostics;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// restic and rclone, unchanged, against a bucket with versioning enabled: backups made, pruned, restored and
/// checked; a sync whose overwritten and deleted files stay reachable as older versions. Debian's packages, which
/// .ci/run installs.
/// </summary>
public class BackupToolTests(CofferServer server) : IClassFixture<CofferServer>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    private readonly AmazonS3Client _s3 = server.CreateClient();

    [Fact]
    public async Task Restic_OnAVersionedBucket_BacksUpPrunesRestoresAndChecks()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("restic");
        using var folder = new TempDirectory("coffer-restic-");
        var source = WriteFiles(Path.Combine(folder.Path, "source"));
        var restored = Path.Combine(folder.Path, "restored");

        await ResticAsync(bucket, "init");
        await ResticAsync(bucket, "backup", source);
        await File.AppendAllTextAsync(Path.Combine(source, "notes.txt"), "changed\n");
        await ResticAsync(bucket, "backup", source);
        await ResticAsync(bucket, "forget", "--keep-last", "1", "--prune");
        await ResticAsync(bucket, "restore", "latest", "--target", restored);
        var check = await ResticAsync(bucket, "check", "--read-data");

        Assert.Contains("no errors were found", check.Output, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = restored + file;
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(copy));
        }

        // The prune deleted pack and snapshot files: on a versioned bucket that left delete markers, not lost data.
        var versions = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        Assert.Contains(versions.Versions, version => version.IsDeleteMarker == true);
    }

    [Fact]
    public async Task Rclone_SyncToAVersionedBucket_KeepsOverwrittenAndDeletedFilesAsOlderVersions()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("rclone");
        using var folder = new TempDirectory("coffer-rclone-");
        var source = WriteFiles(Path.Combine(folder.Path, "source"));
        var config = Path.Combine(folder.Path, "rclone.conf");
        await File.WriteAllTextAsync(config, $"""
            [coffer]
            type = s3
            provider = Other
            access_key_id = {server.AccessKey}
            secret_access_key = {server.SecretKey}
            endpoint = {server.Endpoint.ToString().TrimEnd('/')}
            region = {CofferServer.Region}
            """);

        await RcloneAsync(config, "sync", source, $"coffer:{bucket}/backup");
        await File.AppendAllTextAsync(Path.Combine(source, "notes.txt"), "changed\n");
        File.Delete(Path.Combine(source, "data", "part-3.bin"));
        await RcloneAsync(config, "sync", source, $"coffer:{bucket}/backup");
        var check = await RcloneAsync(config, "check", source, $"coffer:{bucket}/backup");
        var listing = await RcloneAsync(config, "lsf", "-R", "--s3-versions", $"coffer:{bucket}/backup");

        Assert.Contains("0 differences found", check.Error, StringComparison.Ordinal);
        var names = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(names, name => name.StartsWith("notes-v", StringComparison.Ordinal));
        Assert.Contains(names, name => name.StartsWith("data/part-3-v", StringComparison.Ordinal));
        Assert.DoesNotContain("data/part-3.bin", names);
    }

    private static string WriteFiles(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        File.WriteAllText(Path.Combine(directory, "notes.txt"), "first\n");
        for (var i = 1; i <= 6; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, "data", $"part-{i}.bin"), RandomNumberGenerator.GetBytes(i * 300_000));
        }

        return directory;
    }

    private async Task<ChildProcess.Result> ResticAsync(string bucket, params string[] arguments)
    {
        var start = new ProcessStartInfo("restic");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RESTIC_REPOSITORY"] = $"s3:{server.Endpoint.ToString().TrimEnd('/')}/{bucket}";
        start.Environment["RESTIC_PASSWORD"] = "a test repository";
        start.Environment["AWS_ACCESS_KEY_ID"] = server.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = server.SecretKey;
        start.Environment["RESTIC_CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "coffer-restic-cache-" + bucket);
        return Checked(await ChildProcess.RunAsync(start, ToolTimeout), "restic", arguments);
    }

    private static async Task<ChildProcess.Result> RcloneAsync(string config, params string[] arguments)
    {
        var start = new ProcessStartInfo("rclone");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // rclone's S3 client refuses to start when the environment names a CA bundle for AWS SDKs (as CI images do).
        start.Environment.Remove("AWS_CA_BUNDLE");
        return Checked(await ChildProcess.RunAsync(start, ToolTimeout), "rclone", arguments);
    }

    private static ChildProcess.Result Checked(ChildProcess.Result result, string tool, string[] arguments) =>
        result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
}
