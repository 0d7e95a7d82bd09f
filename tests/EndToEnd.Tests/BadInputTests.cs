using Coffer.EndToEnd.Tests.Hostile;
using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The bad-input table (Hostile/BadInputCases.*.cs) against the real server over raw sockets: each
/// hostile request gets S3's exact status and error code (a KMS call, KMS's error type, in JSON), and
/// leaves the bucket and the key service exactly as they were.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class BadInputTests(HostileInputWorld world) : IClassFixture<HostileInputWorld>
{
    public static TheoryData<string> Rows => new(BadInputCases.All.Select(row => row.Name));

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task HostileRequest_GetsTheExactS3Error_AndChangesNothing(string name)
    {
        var row = BadInputCases.Named(name);
        var before = await CaptureAsync();

        var response = await world.Raw.SendAsync(row.Build(world));

        var code = row.JsonError ? response.JsonErrorType : response.ErrorCode;
        Assert.True(
            row.Status == response.Status && row.Code == code,
            $"expected {row.Status} {row.Code}, got {response.Status} {code} ({response.Header("Content-Type")}): {response.Text}");
        if (row.WholeObject)
        {
            Assert.Equal(HostileInputWorld.Content, response.Body);
        }

        Assert.Equal(before, await CaptureAsync());
    }

    [Fact]
    public void Table_RowNames_AreUnique()
    {
        var names = BadInputCases.All.Select(row => row.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    // The controls: each builder the table spoils, unspoiled, is accepted. Without them a row could
    // pass because its builder was wrong, not because the server refused what the row breaks.
    [Fact]
    public async Task SignedPut_AsTheTableBuildsIt_IsAccepted()
    {
        var path = await ControlBucketAsync("put");

        var response = await world.Raw.SendAsync(world.Raw.Sign("PUT", path, BadInputCases.NewContent));

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task SignedChunkedPut_AsTheTableBuildsIt_StoresTheDecodedBody()
    {
        var path = await ControlBucketAsync("chunked");

        var put = await world.Raw.SendAsync(BadInputCases.ValidSignedChunked(world, path));
        var get = await world.Raw.SendAsync(world.Raw.Sign("GET", path));

        Assert.Equal(200, put.Status);
        Assert.Equal(BadInputCases.NewContent, get.Body);
    }

    [Fact]
    public async Task UnsignedTrailerPut_AsTheTableBuildsIt_StoresTheDecodedBody()
    {
        var path = await ControlBucketAsync("trailer");
        var crc32 = ExpectedChecksums.Crc32(BadInputCases.NewContent);

        var put = await world.Raw.SendAsync(BadInputCases.ValidUnsignedTrailer(world, crc32, path));
        var get = await world.Raw.SendAsync(world.Raw.Sign("GET", path));

        Assert.Equal(200, put.Status);
        Assert.Equal(BadInputCases.NewContent, get.Body);
    }

    [Fact]
    public async Task SignedKmsCall_AsTheTableBuildsIt_IsAccepted()
    {
        var response = await world.Raw.SendAsync(BadInputCases.ValidKmsCall(world, "Encrypt", RawS3Client.Utf8(BadInputCases.EncryptOfTheWorldKey("aGk="))));

        Assert.Equal(200, response.Status);
        Assert.Contains(world.KmsKeyId, response.Text, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> CaptureAsync() =>
        [.. await BucketState.CaptureAsync(world), .. await KeyServiceState.CaptureAsync(world)];

    private async Task<string> ControlBucketAsync(string hint)
    {
        var bucket = CofferServer.UniqueBucket(hint);
        var created = await world.Raw.SendAsync(world.Raw.Sign("PUT", $"/{bucket}"));
        Assert.Equal(200, created.Status);
        return $"/{bucket}/object";
    }
}
