using System.Net;
using System.Text.Json;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// ListObjectVersions over a versioned bucket, through the AWS SDK for .NET and the aws CLI: every version and delete
/// marker, by key and newest first, paged by key-marker and version-id-marker.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class ListObjectVersionsTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly AwsCli _aws = new(server);
    private readonly string _bucket = CofferServer.UniqueBucket("lov");

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        await _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = _bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListObjectVersions_VersionsAndDeleteMarkers_ByKeyNewestFirstWithIsLatest()
    {
        var a1 = await PutAsync("a", "1");
        var b1 = await PutAsync("b", "1");
        var a2 = await PutAsync("a", "22");
        await _s3.DeleteObjectAsync(_bucket, "b");

        var listing = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket });

        Assert.Equal(
            [("a", a2, true), ("a", a1, false), ("b", Marker, true), ("b", b1, false)],
            listing.Versions.Select(v => (v.Key, Describe(v), v.IsLatest == true)));
        Assert.Equal(2, listing.Versions[0].Size);
        Assert.NotNull(listing.Versions[2].Owner);
        Assert.All(listing.Versions, v => Assert.Equal(32, v.VersionId.Length));
        Assert.Equal(4, listing.Versions.Select(v => v.VersionId).Distinct().Count());
        Assert.NotEqual(true, listing.IsTruncated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ListObjectVersions_PagedByVersionIdMarker_ReturnsEachVersionOnce(int maxKeys)
    {
        var expected = new List<(string Key, string Version)>();
        foreach (var (key, count) in new[] { ("k", 7), ("l", 2) })
        {
            var versions = new List<(string, string)>();
            for (var i = 0; i < count; i++)
            {
                versions.Add((key, await PutAsync(key, new string('x', i + 1))));
            }

            await _s3.DeleteObjectAsync(_bucket, key);
            versions.Add((key, Marker));
            versions.Reverse();
            expected.AddRange(versions);
        }

        var seen = new List<S3ObjectVersion>();
        var request = new ListVersionsRequest { BucketName = _bucket, MaxKeys = maxKeys };
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100, "The listing never ended.");
            var page = await _s3.ListVersionsAsync(request);
            seen.AddRange(page.Versions ?? []);
            if (page.IsTruncated != true)
            {
                break;
            }

            Assert.Equal(maxKeys, page.Versions!.Count);
            Assert.Equal(page.Versions[^1].Key, page.NextKeyMarker);
            Assert.Equal(page.Versions[^1].VersionId, page.NextVersionIdMarker);
            (request.KeyMarker, request.VersionIdMarker) = (page.NextKeyMarker, page.NextVersionIdMarker);
        }

        Assert.Equal(expected, seen.Select(v => (v.Key, Describe(v))));
        Assert.Equal(seen.Count, seen.Select(v => v.VersionId).Distinct().Count());
    }

    [Fact]
    public async Task ListObjectVersions_KeyMarkerAlone_StartsAfterEveryVersionOfThatKey()
    {
        await PutAsync("k", "1");
        await PutAsync("k", "2");
        var next = await PutAsync("k0", "3");

        var listing = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, KeyMarker = "k" });

        Assert.Equal([("k0", next)], listing.Versions.Select(v => (v.Key, Describe(v))));
    }

    [Fact]
    public async Task ListObjectVersions_Delimiter_FoldsPrefixesEvenOfDeleteMarkersAlone()
    {
        await PutAsync("dir/a", "1");
        await PutAsync("dir/a", "2");
        await _s3.DeleteObjectAsync(_bucket, "gone/x");
        var top = await PutAsync("top", "3");

        var first = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, Delimiter = "/", MaxKeys = 2 });
        var second = await _s3.ListVersionsAsync(new ListVersionsRequest
        {
            BucketName = _bucket,
            Delimiter = "/",
            MaxKeys = 2,
            KeyMarker = first.NextKeyMarker,
            VersionIdMarker = first.NextVersionIdMarker,
        });

        Assert.Equal(["dir/", "gone/"], first.CommonPrefixes);
        Assert.True(first.IsTruncated);
        Assert.Equal("gone/", first.NextKeyMarker);
        Assert.Equal([top], second.Versions.Select(Describe));
        Assert.Empty(second.CommonPrefixes ?? []);
    }

    [Fact]
    public async Task ListObjectVersions_VersionIdMarkerWithoutKeyMarker_IsInvalidArgument()
    {
        await PutAsync("k", "1");
        var version = (await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket })).Versions[0].VersionId;

        var refused = await _aws.RunAsync("s3api", "list-object-versions", "--bucket", _bucket, "--version-id-marker", version);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(InvalidArgument)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("A version-id marker cannot be specified without a key marker.", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListObjectVersions_MalformedVersionIdMarker_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, KeyMarker = "k", VersionIdMarker = "not-a-version" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidArgument", error.ErrorCode);
        Assert.Equal("Invalid version id specified", error.Message);
    }

    [Fact]
    public async Task ListObjectVersions_NullVersionMarker_ListsTheVersionsStoredBeforeIt()
    {
        var other = CofferServer.UniqueBucket("lovn");
        await _s3.PutBucketAsync(other);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = other, Key = "k", ContentBody = "before" });
        await _s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = other,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = other, Key = "k", ContentBody = "after" });

        var all = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = other });
        var newer = all.Versions[0].VersionId;
        var afterNewer = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = other, KeyMarker = "k", VersionIdMarker = newer });
        var afterNull = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = other, KeyMarker = "k", VersionIdMarker = "null" });

        Assert.Equal("null", all.Versions[1].VersionId);
        Assert.NotEqual("null", newer);
        Assert.Equal(["null"], afterNewer.Versions.Select(v => v.VersionId));
        Assert.Empty(afterNull.Versions ?? []);
    }

    [Fact]
    public async Task ListObjectVersions_UrlEncoding_RoundTripsAwkwardKeysAndMarkers()
    {
        var keys = AwkwardKeys.All.Where(k => k != AwkwardKeys.LeadingSlash).ToList();
        foreach (var key in keys)
        {
            await PutAsync(key, "1");
            await PutAsync(key, "2");
        }

        var seen = new List<string>();
        var request = new ListVersionsRequest { BucketName = _bucket, MaxKeys = 3, Encoding = EncodingType.Url };
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100, "The listing never ended.");
            var page = await _s3.ListVersionsAsync(request);
            seen.AddRange((page.Versions ?? []).Select(v => Uri.UnescapeDataString(v.Key)));
            if (page.IsTruncated != true)
            {
                break;
            }

            // This SDK leaves url-encoded names as they came; like the aws CLI, the caller decodes them.
            (request.KeyMarker, request.VersionIdMarker) = (Uri.UnescapeDataString(page.NextKeyMarker), page.NextVersionIdMarker);
        }

        Assert.Equal(keys.SelectMany(k => new[] { k, k }).Order(Utf8Order.Instance), seen);
    }

    [Fact]
    public async Task ListObjectVersions_ThroughTheAwsCliInSmallPages_ListsEveryVersionAndMarker()
    {
        foreach (var key in new[] { "cli/a b", "cli/é", "cli/z" })
        {
            await PutAsync(key, "1");
            await PutAsync(key, "22");
            await _s3.DeleteObjectAsync(_bucket, key);
        }

        var sdk = await _s3.ListVersionsAsync(new ListVersionsRequest { BucketName = _bucket, Prefix = "cli/" });
        var output = await _aws.RunCheckedAsync(
            "s3api", "list-object-versions", "--bucket", _bucket, "--prefix", "cli/", "--page-size", "2", "--output", "json");

        using var document = JsonDocument.Parse(output);
        var versions = document.RootElement.GetProperty("Versions").EnumerateArray().ToList();
        var markers = document.RootElement.GetProperty("DeleteMarkers").EnumerateArray().ToList();
        Assert.Equal(6, versions.Count);
        Assert.Equal(3, markers.Count);
        Assert.Equal(
            sdk.Versions.Select(v => v.VersionId).Order(StringComparer.Ordinal),
            versions.Concat(markers).Select(v => v.GetProperty("VersionId").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(markers, m => Assert.True(m.GetProperty("IsLatest").GetBoolean()));
        Assert.Equal(["cli/a b", "cli/a b", "cli/z", "cli/z", "cli/é", "cli/é"], versions.Select(v => v.GetProperty("Key").GetString()));
        Assert.Equal([2, 1, 2, 1, 2, 1], versions.Select(v => v.GetProperty("Size").GetInt32()));
    }

    private const string Marker = "delete marker";

    /// <summary>Stores a version; returns its ETag, which tells it apart in a listing (writes do not answer version ids yet).</summary>
    private async Task<string> PutAsync(string key, string body) =>
        (await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, ContentBody = body })).ETag;

    private static string Describe(S3ObjectVersion version) => version.IsDeleteMarker == true ? Marker : version.ETag;

    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y) =>
            System.Text.Encoding.UTF8.GetBytes(x!).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y!));
    }
}
