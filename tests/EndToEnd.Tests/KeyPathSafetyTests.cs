using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Keys are names in a table, never paths: however a key is spelled on the wire (dot segments, encoded dots and
/// slashes, backslashes, absolute paths, NUL), no file is created or read outside the data directory, and the only
/// files inside it are the store's own. The requests go over a raw socket, because HttpClient and the SDKs remove dot
/// segments before sending.
/// </summary>
public partial class KeyPathSafetyTests(CofferServer server) : IClassFixture<CofferServer>
{
    // Request targets after "/<bucket>/", exactly as sent, each ending in a marker name that a file escaping the data
    // directory would carry, and whether S3 stores such a key (all but NUL, which Coffer refuses as a bad key).
    public static TheoryData<string, bool> HostileTargets => new()
    {
        { "../escape-dotdot", true },
        { "../../../../../../tmp/escape-deep", true },
        { "a/../../../escape-inner", true },
        { "%2e%2e/%2e%2e/escape-encoded-dots", true },
        { "..%2f..%2f..%2fescape-encoded-slash", true },
        { "..%5c..%5cescape-backslash", true },
        { "/tmp/escape-absolute", true },
        { "%2Ftmp%2Fescape-encoded-absolute", true },
        { "nul%00escape-nul", false },
        { "blobs/../../escape-blobs", true },
    };

    [Theory]
    [MemberData(nameof(HostileTargets))]
    public async Task PutThenGet_HostileKey_StaysAKeyAndTouchesNoFileOutsideTheDataDirectory(string target, bool stored)
    {
        var bucket = await WritableBucketAsync();
        var body = $"body of {target}";
        var before = FilesOutsideDataDirectoryNamedLike(target);

        var put = await SendAsync("PUT", $"/{bucket}/{target}", body);
        var get = await SendAsync("GET", $"/{bucket}/{target}", null);

        // Stored and read back as that very key, or refused as a bad key; never a path.
        if (stored)
        {
            Assert.Equal(200, put.Status);
            Assert.Equal(200, get.Status);
            Assert.EndsWith(body, get.Text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(400, put.Status);
        }

        Assert.Equal(before, FilesOutsideDataDirectoryNamedLike(target));
        AssertOnlyStoreFilesIn(server.DataDirectory);
    }

    [Fact]
    public async Task HostileKeys_AreListedAsTheKeysTheyAre()
    {
        var bucket = await WritableBucketAsync();

        var put = await SendAsync("PUT", $"/{bucket}/../x/%2e%2e/y", "z");
        using var s3 = server.CreateClient();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal(200, put.Status);
        Assert.Equal("../x/../y", Assert.Single(listed.S3Objects).Key);
    }

    private async Task<string> WritableBucketAsync()
    {
        using var s3 = server.CreateClient();
        var bucket = CofferServer.UniqueBucket("paths");
        await s3.PutBucketAsync(bucket);
        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = $$"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                  "Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::{{bucket}}/*"}]}
                """,
        });
        return bucket;
    }

    /// <summary>One request over a fresh connection, the target written byte for byte.</summary>
    private async Task<(int Status, string Text)> SendAsync(string method, string target, string? body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        await using var stream = client.GetStream();
        var content = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var head = $"{method} {target} HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(content);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }

    /// <summary>Files under /tmp and the data directory's parent whose names carry the target's marker.</summary>
    private List<string> FilesOutsideDataDirectoryNamedLike(string target)
    {
        var marker = target[(target.LastIndexOf("escape", StringComparison.Ordinal))..];
        var parent = Path.GetDirectoryName(Path.GetFullPath(server.DataDirectory))!;
        return new[] { parent, "/tmp", "/" }
            .Distinct()
            .SelectMany(folder => Directory.EnumerateFiles(folder, $"*{marker}*", SearchOption.TopDirectoryOnly))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every file in the data directory is one the store names itself: blob files are named by random hex ids.</summary>
    private static void AssertOnlyStoreFilesIn(string dataDirectory)
    {
        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(dataDirectory, file).Replace('\\', '/');
            Assert.True(StoreFile().IsMatch(relative), $"unexpected file in the data directory: {relative}");
        }
    }

    [GeneratedRegex(@"^(metadata\.db(-wal|-shm|-reserve)?|coffer\.(lock|pid)|root-credentials\.json|account-id|sealing\.key|master\.key|blobs/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}|blobs/tmp/[0-9a-f]{32}\.tmp)$")]
    private static partial Regex StoreFile();
}
