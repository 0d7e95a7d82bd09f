using System.Runtime.Versioning;
using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.Server;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// `coffer admin kms rotate-master` on a stopped server's data directory: every key the old master key wrapped
/// (SSE-S3 data keys, inline or not, of single and multipart objects and of an open upload's parts; the material of
/// KMS keys, which SSE-KMS objects depend on) is rewrapped under a new key, so that after a restart everything reads
/// back with the new key alone and nothing with the old one; a run stopped part-way leaves a server that reads
/// everything, and a second run finishes; a running server, or bad input, is refused with nothing changed.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RotateMasterTests : IDisposable
{
    private const string Bucket = "rotate";

    private static readonly byte[] CustomerKey = RandomNumberGenerator.GetBytes(32);

    private readonly TempDirectory _data = new("coffer-rotate-");

    private string KeyFile => Path.Combine(_data.Path, "master.key");

    private string RetiringFile => KeyFile + ".retiring";

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task RotateMaster_ThenRestart_ReadsEveryObjectUnderTheNewKeyOnly()
    {
        var written = await WithServerAsync(WriteEveryKindAsync);
        var oldKey = await File.ReadAllBytesAsync(KeyFile);

        var rotated = await RotateAsync();

        Assert.True(rotated.ExitCode == 0, rotated.Output + rotated.Error);
        Assert.Matches(@"\nRewrapped 6 keys under master-[0-9a-f]{16}; skipped 2 \(0 already under it, 2 wrapped by a KMS or customer key\); \d+\.\d s\.\n", rotated.Output);
        Assert.EndsWith($"{RetiringFile} is removed.\n", rotated.Output, StringComparison.Ordinal);
        Assert.Equal("", rotated.Error);
        Assert.NotEqual(oldKey, await File.ReadAllBytesAsync(KeyFile));
        Assert.Equal(32, new FileInfo(KeyFile).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        Assert.False(File.Exists(RetiringFile));
        await WithServerAsync(async server =>
        {
            await CompleteOpenUploadAsync(server, written);
            await AssertReadsBackAsync(server, written);
            return true;
        });

        // Proof that the keys were rewrapped, not merely readable: the old key alone opens none of the encrypted objects.
        await File.WriteAllBytesAsync(KeyFile, oldKey);
        await WithServerAsync(async server =>
        {
            using var s3 = server.CreateClient(retries: false);
            foreach (var key in (string[])["sse-s3-small", "sse-s3-large", "sse-s3-multipart", "sse-s3-completed-after", "sse-kms"])
            {
                await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync(Bucket, key));
            }

            using var plain = await s3.GetObjectAsync(Bucket, "plain");
            Assert.Equal(written["plain"], await plain.ReadAllBytesAsync());
            return true;
        });
    }

    [Fact]
    public async Task RotateMaster_StoppedAfterOneBatch_ServerReadsEverythingMeanwhileAndARerunFinishes()
    {
        var written = await WithServerAsync(WriteEveryKindAsync);
        var oldKey = await File.ReadAllBytesAsync(KeyFile);

        var stopped = await RotateAsync("--batch-size", "1", "--stop-after-batches", "1");
        var newKey = await File.ReadAllBytesAsync(KeyFile);

        Assert.True(stopped.ExitCode == 3, stopped.Output + stopped.Error);
        Assert.Contains("Rewrapped 1 keys under", stopped.Output, StringComparison.Ordinal);
        Assert.Contains("Run `coffer admin kms rotate-master` again", stopped.Output, StringComparison.Ordinal);
        Assert.Equal(oldKey, await File.ReadAllBytesAsync(RetiringFile));
        Assert.NotEqual(oldKey, newKey);

        // Mid-rotation the server loads both keys: everything reads, and what it writes is wrapped by the new key.
        var meanwhile = RandomNumberGenerator.GetBytes(5_000);
        await WithServerAsync(async server =>
        {
            await CompleteOpenUploadAsync(server, written);
            await AssertReadsBackAsync(server, written);
            using var s3 = server.CreateClient();
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "sse-s3-meanwhile", InputStream = new MemoryStream(meanwhile), ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
            return true;
        });
        written["sse-s3-meanwhile"] = meanwhile;

        var resumed = await RotateAsync();

        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.StartsWith("Resuming the rotation from master-", resumed.Output, StringComparison.Ordinal);
        Assert.Matches(@"\nRewrapped 5 keys under master-[0-9a-f]{16}; skipped 4 \(2 already under it, 2 wrapped by a KMS or customer key\)", resumed.Output);
        Assert.Equal(newKey, await File.ReadAllBytesAsync(KeyFile));
        Assert.False(File.Exists(RetiringFile));
        await WithServerAsync(async server =>
        {
            await AssertReadsBackAsync(server, written);
            return true;
        });
    }

    [Fact]
    public async Task RotateMaster_AfterACrashBetweenItsTwoFileWrites_StartsAFreshRotationAndFinishes()
    {
        var written = await WithServerAsync(WriteEveryKindAsync);
        var oldKey = await File.ReadAllBytesAsync(KeyFile);

        // What step 1 leaves when the process dies before step 2: the current key, also in the retiring file.
        await File.WriteAllBytesAsync(RetiringFile, oldKey);
        var rotated = await RotateAsync();

        Assert.True(rotated.ExitCode == 0, rotated.Output + rotated.Error);
        Assert.StartsWith("New master key master-", rotated.Output, StringComparison.Ordinal);
        Assert.NotEqual(oldKey, await File.ReadAllBytesAsync(KeyFile));
        Assert.False(File.Exists(RetiringFile));
        await WithServerAsync(async server =>
        {
            await CompleteOpenUploadAsync(server, written);
            await AssertReadsBackAsync(server, written);
            return true;
        });
    }

    [Fact]
    public async Task RotateMaster_WithMasterKeyFile_ReplacesThatFileAndMakesNoneInTheDataDirectory()
    {
        using var keys = new TempDirectory("coffer-keys-");
        var keyFile = Path.Combine(keys.Path, "coffer-master.key");
        await File.WriteAllBytesAsync(keyFile, RandomNumberGenerator.GetBytes(32));
        var oldKey = await File.ReadAllBytesAsync(keyFile);
        ServerOptions WithKeyFile(ServerOptions options) => options with { MasterKeyFile = keyFile };
        var content = RandomNumberGenerator.GetBytes(100_000);
        await WithServerAsync(
            async server =>
            {
                using var s3 = server.CreateClient();
                await s3.PutBucketAsync(Bucket);
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "sealed", InputStream = new MemoryStream(content), ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
                return true;
            },
            WithKeyFile);

        var rotated = await RotateAsync("--master-key-file", keyFile);

        Assert.True(rotated.ExitCode == 0, rotated.Output + rotated.Error);
        Assert.NotEqual(oldKey, await File.ReadAllBytesAsync(keyFile));
        Assert.False(File.Exists(keyFile + ".retiring"));
        Assert.False(File.Exists(KeyFile));
        var read = await WithServerAsync(
            async server =>
            {
                using var s3 = server.CreateClient();
                using var got = await s3.GetObjectAsync(Bucket, "sealed");
                return await got.ReadAllBytesAsync();
            },
            WithKeyFile);
        Assert.Equal(content, read);
    }

    [Fact]
    public async Task RotateMaster_WhileTheServerRuns_IsRefusedAndChangesNothing()
    {
        var server = CofferServer.On(_data.Path);
        await server.InitializeAsync();
        try
        {
            var key = await File.ReadAllBytesAsync(KeyFile);

            var refused = await RotateAsync();

            Assert.Equal(1, refused.ExitCode);
            Assert.Matches(@"^coffer admin kms rotate-master: the data directory .* is in use by another Coffer server \(PID \d+\): stop the server first\.\n$", refused.Error);
            Assert.Equal(key, await File.ReadAllBytesAsync(KeyFile));
            Assert.False(File.Exists(RetiringFile));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("no data directory", "--data", "--data")]
    [InlineData("no key file", "--master-key-file", "--master-key-file")]
    [InlineData("a key file of 5 bytes", "--master-key-file", "must hold exactly 32 bytes")]
    public async Task RotateMaster_BadInput_SaysWhichOptionInOneLineAndChangesNothing(string what, string option, string expected)
    {
        await WithServerAsync(_ => Task.FromResult(true));
        var key = await File.ReadAllBytesAsync(KeyFile);
        var shortKey = Path.Combine(_data.Path, "short.key");
        await File.WriteAllBytesAsync(shortKey, [1, 2, 3, 4, 5]);
        var value = what switch
        {
            "no data directory" => Path.Combine(_data.Path, "nothing-here"),
            "no key file" => Path.Combine(_data.Path, "no.key"),
            _ => shortKey,
        };

        var refused = await AdminCli.RunOnDiskAsync(["kms", "rotate-master", .. option == "--data" ? (string[])[] : ["--data", _data.Path], option, value]);

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith($"coffer admin kms rotate-master: {option}:", refused.Error, StringComparison.Ordinal);
        Assert.Contains(expected, refused.Error, StringComparison.Ordinal);
        Assert.Single(refused.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal("", refused.Output);
        Assert.Equal(key, await File.ReadAllBytesAsync(KeyFile));
        Assert.False(File.Exists(RetiringFile));
        Assert.Equal([1, 2, 3, 4, 5], await File.ReadAllBytesAsync(shortKey));
    }

    [Fact]
    public async Task RotateMaster_UnknownOption_IsOneLineNamingItAndExitsNonZero()
    {
        var result = await CofferCommand.RunAsync(TimeSpan.FromMinutes(1), "admin", "kms", "rotate-master", "--data", _data.Path, "--new-key", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--new-key", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(KeyFile));
    }

    private Task<(int ExitCode, string Output, string Error)> RotateAsync(params string[] arguments) =>
        AdminCli.RunOnDiskAsync(["kms", "rotate-master", "--data", _data.Path, .. arguments]);

    /// <summary>Starts a server on the test's data directory, runs <paramref name="work"/> and stops it, as a restart between steps.</summary>
    private async Task<T> WithServerAsync<T>(Func<CofferServer, Task<T>> work, Func<ServerOptions, ServerOptions>? configure = null)
    {
        var server = CofferServer.On(_data.Path, configure: configure);
        await server.InitializeAsync();
        try
        {
            return await work(server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// SSE-S3 objects (small enough to be kept inline, large, multipart), an open SSE-S3 upload with one part, an
    /// SSE-KMS object (under the aws/s3 key, whose material the master key wraps), an SSE-C object and a plain one.
    /// </summary>
    private static async Task<Dictionary<string, byte[]>> WriteEveryKindAsync(CofferServer server)
    {
        using var s3 = server.CreateClient();
        await s3.PutBucketAsync(Bucket);
        var written = new Dictionary<string, byte[]>
        {
            ["sse-s3-small"] = RandomNumberGenerator.GetBytes(1_000),
            ["sse-s3-large"] = RandomNumberGenerator.GetBytes(3 * 1024 * 1024),
            ["sse-kms"] = RandomNumberGenerator.GetBytes(200_000),
            ["sse-c"] = RandomNumberGenerator.GetBytes(1_000),
            ["plain"] = RandomNumberGenerator.GetBytes(1_000),
            ["sse-s3-completed-after"] = RandomNumberGenerator.GetBytes(100_000),
        };
        foreach (var key in (string[])["sse-s3-small", "sse-s3-large"])
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(written[key]), ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        }

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "sse-kms", InputStream = new MemoryStream(written["sse-kms"]), ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS });
        await s3.PutObjectAsync(CustomerKeyed(new PutObjectRequest { BucketName = Bucket, Key = "sse-c", InputStream = new MemoryStream(written["sse-c"]) }));
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = "plain", InputStream = new MemoryStream(written["plain"]) });

        byte[][] parts = [RandomNumberGenerator.GetBytes(5 * 1024 * 1024), RandomNumberGenerator.GetBytes(100_000)];
        written["sse-s3-multipart"] = [.. parts[0], .. parts[1]];
        await s3.UploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "sse-s3-multipart", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 }, parts);

        // Left open: its part's data key is rewrapped where it waits (upload_parts), and the upload completes after the restart.
        var open = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = "sse-s3-completed-after", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        await s3.UploadPartAsync(new UploadPartRequest { BucketName = Bucket, Key = "sse-s3-completed-after", UploadId = open.UploadId, PartNumber = 1, InputStream = new MemoryStream(written["sse-s3-completed-after"]) });
        return written;
    }

    private static async Task CompleteOpenUploadAsync(CofferServer server, Dictionary<string, byte[]> written)
    {
        using var s3 = server.CreateClient();
        var upload = Assert.Single((await s3.ListMultipartUploadsAsync(Bucket)).MultipartUploads);
        var part = Assert.Single((await s3.ListPartsAsync(Bucket, upload.Key, upload.UploadId)).Parts);
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = upload.Key,
            UploadId = upload.UploadId,
            PartETags = [new PartETag(part.PartNumber ?? 1, part.ETag)],
        });
        Assert.True(written.ContainsKey(upload.Key));
    }

    private static async Task AssertReadsBackAsync(CofferServer server, Dictionary<string, byte[]> written)
    {
        using var s3 = server.CreateClient();
        foreach (var (key, content) in written)
        {
            var request = new GetObjectRequest { BucketName = Bucket, Key = key };
            using var got = await s3.GetObjectAsync(key == "sse-c" ? CustomerKeyed(request) : request);
            var read = await got.ReadAllBytesAsync();
            Assert.True(content.AsSpan().SequenceEqual(read), $"{key} reads back other bytes");
        }
    }

    private static PutObjectRequest CustomerKeyed(PutObjectRequest request)
    {
        request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
        request.ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(CustomerKey);
        return request;
    }

    private static GetObjectRequest CustomerKeyed(GetObjectRequest request)
    {
        request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
        request.ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(CustomerKey);
        return request;
    }
}
