using System.Security.Cryptography;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>The aws CLI, as users run it: mb, cp (multipart too), sync both ways, ls, presign.</summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class AwsCliTests(CofferServer server) : IClassFixture<CofferServer>
{
    private readonly AwsCli _aws = new(server);

    [Fact]
    public async Task CpAndSync_BothWays_AreByteIdentical()
    {
        using var local = new TempDirectory("coffer-cli-");
        var bucket = CofferServer.UniqueBucket("photos");
        var source = Directory.CreateDirectory(Path.Combine(local.Path, "up")).FullName;
        var files = new Dictionary<string, byte[]>
        {
            ["a/b.jpg"] = RandomNumberGenerator.GetBytes(3 * 1024 * 1024),
            ["dir with space/é.txt"] = RandomNumberGenerator.GetBytes(1000),
            ["empty.txt"] = [],
            ["deep/er/still/x.bin"] = RandomNumberGenerator.GetBytes(70_000),
        };
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(source, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content);
        }

        await _aws.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        await _aws.RunCheckedAsync("s3", "cp", Path.Combine(source, "a/b.jpg"), $"s3://{bucket}/single/b.jpg");
        await _aws.RunCheckedAsync("s3", "sync", source, $"s3://{bucket}/dir");
        var listing = await _aws.RunCheckedAsync("s3", "ls", "--recursive", $"s3://{bucket}");
        var down = Path.Combine(local.Path, "down");
        await _aws.RunCheckedAsync("s3", "sync", $"s3://{bucket}/dir", down);
        var single = Path.Combine(local.Path, "single.jpg");
        await _aws.RunCheckedAsync("s3", "cp", $"s3://{bucket}/single/b.jpg", single);

        foreach (var (name, content) in files)
        {
            Assert.Contains("dir/" + name, listing, StringComparison.Ordinal);
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(down, name)));
        }

        Assert.Equal(files["a/b.jpg"], await File.ReadAllBytesAsync(single));

        // A second sync finds nothing to do: sizes and times agree.
        var again = await _aws.RunCheckedAsync("s3", "sync", source, $"s3://{bucket}/dir");
        Assert.DoesNotContain("upload:", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cp_TwentyMiBFile_GoesUpInPartsAndComesBackByteIdentical()
    {
        // The CLI switches to multipart uploads (and ranged downloads) at 8 MiB.
        using var local = new TempDirectory("coffer-cli-");
        var bucket = CofferServer.UniqueBucket("mp");
        var upload = Path.Combine(local.Path, "big.bin");
        var download = Path.Combine(local.Path, "big.down");
        var content = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        await File.WriteAllBytesAsync(upload, content);

        await _aws.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        await _aws.RunCheckedAsync("s3", "cp", upload, $"s3://{bucket}/big.bin");
        var head = await _aws.RunCheckedAsync("s3api", "head-object", "--bucket", bucket, "--key", "big.bin", "--query", "ETag", "--output", "text");
        await _aws.RunCheckedAsync("s3", "cp", $"s3://{bucket}/big.bin", download);

        Assert.Matches("-[0-9]+\"$", head.Trim());
        Assert.Equal(content, await File.ReadAllBytesAsync(download));
    }

    [Fact]
    public async Task Cp_HundredMiBFile_GoesUpInThirteenPartsAndComesBackByteIdentical()
    {
        // With its defaults the CLI cuts 100 MiB into 8 MiB parts (12 whole and a 4 MiB last one)
        // sent ten at a time, and downloads it as parallel ranged GETs. The file is compared by
        // its SHA-256 on disk, never read whole into memory.
        const long size = 100L * 1024 * 1024;
        using var local = new TempDirectory("coffer-cli-");
        var bucket = CofferServer.UniqueBucket("mp100");
        var upload = Path.Combine(local.Path, "big.bin");
        var download = Path.Combine(local.Path, "big.down");
        var sha256 = await LargeFile.WriteRandomAsync(upload, size);

        await _aws.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        await _aws.RunCheckedAsync("s3", "cp", upload, $"s3://{bucket}/big.bin");
        var head = await _aws.RunCheckedAsync("s3api", "head-object", "--bucket", bucket, "--key", "big.bin", "--query", "[ETag,ContentLength]", "--output", "text");
        await _aws.RunCheckedAsync("s3", "cp", $"s3://{bucket}/big.bin", download);

        var fields = head.Split('\t', StringSplitOptions.TrimEntries);
        Assert.EndsWith("-13\"", fields[0], StringComparison.Ordinal);
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[1]);
        Assert.Equal(size, new FileInfo(download).Length);
        Assert.Equal(sha256, await LargeFile.Sha256Async(download));
    }

    [Fact]
    public async Task Presign_ThenPlainHttpGet_ReturnsObject()
    {
        using var local = new TempDirectory("coffer-cli-");
        var bucket = CofferServer.UniqueBucket("pre");
        var file = Path.Combine(local.Path, "hello.txt");
        await File.WriteAllTextAsync(file, "hello, presigned world");
        await _aws.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        await _aws.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/hello.txt");

        var url = (await _aws.RunCheckedAsync("s3", "presign", $"s3://{bucket}/hello.txt", "--expires-in", "300")).Trim();
        using var http = new HttpClient();

        Assert.Equal("hello, presigned world", await http.GetStringAsync(url));
    }

    [Fact]
    public async Task S3Api_AwkwardKeys_RoundTripThroughPutAndGet()
    {
        using var local = new TempDirectory("coffer-cli-");
        var bucket = CofferServer.UniqueBucket("awk");
        await _aws.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        var index = 0;
        foreach (var key in AwkwardKeys.All)
        {
            var upload = Path.Combine(local.Path, $"up{index}");
            var download = Path.Combine(local.Path, $"down{index++}");
            var content = RandomNumberGenerator.GetBytes(1000 + index);
            await File.WriteAllBytesAsync(upload, content);

            await _aws.RunCheckedAsync("s3api", "put-object", "--bucket", bucket, "--key", key, "--body", upload);
            await _aws.RunCheckedAsync("s3api", "get-object", "--bucket", bucket, "--key", key, download);

            Assert.Equal(content, await File.ReadAllBytesAsync(download));
        }

        var listing = await _aws.RunCheckedAsync("s3api", "list-objects-v2", "--bucket", bucket, "--query", "Contents[].Key", "--output", "json");
        var keys = System.Text.Json.JsonSerializer.Deserialize<string[]>(listing)!;
        Assert.Equal(AwkwardKeys.All.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RmAndRb_EmptyTheBucket()
    {
        using var local = new TempDirectory("coffer-cli-");
        var bucket = CofferServer.UniqueBucket("rm");
        var file = Path.Combine(local.Path, "f.txt");
        await File.WriteAllTextAsync(file, "x");
        await _aws.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        await _aws.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/a/f.txt");
        await _aws.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/b/f.txt");

        await _aws.RunCheckedAsync("s3", "rm", "--recursive", $"s3://{bucket}");
        await _aws.RunCheckedAsync("s3", "rb", $"s3://{bucket}");
        var buckets = await _aws.RunCheckedAsync("s3", "ls");

        Assert.DoesNotContain(bucket, buckets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CpAndMv_BetweenKeys_CopyServerSideAndRenameAsCopyAndDelete()
    {
        // How SFTP gateways and users rename: a server-side copy, then a delete. Nothing the CLI sends by default may be refused.
        using var local = new TempDirectory("coffer-cli-");
        var bucket = CofferServer.UniqueBucket("mv");
        var file = Path.Combine(local.Path, "f.bin");
        var content = RandomNumberGenerator.GetBytes(100_000);
        await File.WriteAllBytesAsync(file, content);
        await _aws.RunCheckedAsync("s3", "mb", $"s3://{bucket}");
        await _aws.RunCheckedAsync("s3", "cp", file, $"s3://{bucket}/a/f.bin");

        await _aws.RunCheckedAsync("s3", "cp", $"s3://{bucket}/a/f.bin", $"s3://{bucket}/b/f.bin");
        await _aws.RunCheckedAsync("s3", "mv", $"s3://{bucket}/a/f.bin", $"s3://{bucket}/c/renamed.bin");
        var listing = await _aws.RunCheckedAsync("s3", "ls", "--recursive", $"s3://{bucket}");
        var back = Path.Combine(local.Path, "back.bin");
        await _aws.RunCheckedAsync("s3", "cp", $"s3://{bucket}/c/renamed.bin", back);

        Assert.DoesNotContain("a/f.bin", listing, StringComparison.Ordinal);
        Assert.Contains("b/f.bin", listing, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllBytesAsync(back));
    }
}
