using Coffer.Bench.Load.Options;

namespace Coffer.Load.Tests.Options;

public class OptionParserTests
{
    private static readonly string[] s_keys = ["--access-key", "AK", "--secret-key", "SK"];

    [Fact]
    public void Parse_GetWithoutOptions_UsesTheDocumentedDefaults()
    {
        var options = OptionParser.Parse(["get", .. s_keys]);

        Assert.Equal(Workload.Get, options.Workload);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), options.Endpoint);
        Assert.Equal(TargetMode.S3, options.Mode);
        Assert.Equal("bench", options.Bucket);
        Assert.Equal(4096, options.Size);
        Assert.Equal(32, options.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Duration);
        Assert.Null(options.Ops);
        Assert.Equal(64, options.Objects);
        Assert.Equal("load/get/", options.Prefix);
        Assert.True(options.Prepare);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Warmup);
    }

    [Fact]
    public void Parse_GetOfOneGiB_PreparesOnlyWhatFitsInTwoGiB()
    {
        var options = OptionParser.Parse(["get", .. s_keys, "--size", "1GiB", "--concurrency", "2"]);

        Assert.Equal(2, options.Objects);
    }

    [Fact]
    public void Parse_PutWithConcurrency_OverwritesFourKeysPerWorker()
    {
        var options = OptionParser.Parse(["put", .. s_keys, "--concurrency=8"]);

        Assert.Equal(32, options.Objects);
    }

    [Fact]
    public void Parse_Ops_ReplacesTheDefaultDuration()
    {
        var options = OptionParser.Parse(["delete", .. s_keys, "--ops", "500"]);

        Assert.Null(options.Duration);
        Assert.Equal(500, options.Ops);
        Assert.Equal(500, options.Objects);
    }

    [Fact]
    public void Parse_EveryOption_IsRead()
    {
        var options = OptionParser.Parse(
        [
            "list", .. s_keys, "--endpoint", "http://127.0.0.1:9300", "--region", "eu-west-1", "--bucket", "b", "--duration", "2m",
            "--objects", "20000", "--prefix", "p/", "--part-size", "8MiB", "--no-prepare", "--warmup", "2s", "--json", "out.json",
            "--label", "coffer", "--prefixes", "200", "--delimiter", "/",
        ]);

        Assert.Equal(new LoadOptions
        {
            Workload = Workload.List,
            Endpoint = new Uri("http://127.0.0.1:9300"),
            AccessKey = "AK",
            SecretKey = "SK",
            Region = "eu-west-1",
            Bucket = "b",
            Duration = TimeSpan.FromMinutes(2),
            Objects = 20_000,
            Prefix = "p/",
            PartSize = 8 << 20,
            Prepare = false,
            Warmup = TimeSpan.FromSeconds(2),
            JsonPath = "out.json",
            Label = "coffer",
            Prefixes = 200,
            Delimiter = "/",
        }, options);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("multipart")]
    public void Parse_S3OnlyWorkloadInHttpMode_IsAUsageError(string workload)
    {
        Assert.Throws<UsageException>(() => OptionParser.Parse([workload, "--mode", "http"]));
    }

    [Theory]
    [InlineData("--size", "4XB")]
    [InlineData("--concurrency", "0")]
    [InlineData("--duration", "soon")]
    [InlineData("--colour", "red")]
    public void Parse_BadOption_IsAUsageError(string name, string value)
    {
        Assert.Throws<UsageException>(() => OptionParser.Parse(["put", .. s_keys, name, value]));
    }

    [Fact]
    public void Parse_SseAes256_AsksForSseS3()
    {
        var options = OptionParser.Parse(["put", .. s_keys, "--sse", "AES256"]);

        Assert.True(options.SseS3);
    }

    [Fact]
    public void Parse_WithoutSse_AsksForNoEncryption()
    {
        Assert.False(OptionParser.Parse(["put", .. s_keys]).SseS3);
    }

    [Theory]
    [InlineData("aws:kms")]
    [InlineData("aes256")]
    [InlineData("")]
    public void Parse_SseOtherThanAes256_IsAUsageError(string value)
    {
        var error = Assert.Throws<UsageException>(() => OptionParser.Parse(["put", .. s_keys, "--sse", value]));

        Assert.Contains("AES256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SseInHttpMode_IsAUsageError()
    {
        var error = Assert.Throws<UsageException>(() => OptionParser.Parse(["get", "--mode", "http", "--sse", "AES256"]));

        Assert.Contains("s3 mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RangeSizeForGet_IsRead()
    {
        var options = OptionParser.Parse(["get", .. s_keys, "--size", "1GiB", "--range-size", "1MiB", "--objects", "4", "--sse=AES256"]);

        Assert.Equal(1L << 20, options.RangeSize);
        Assert.Equal(1L << 30, options.Size);
        Assert.True(options.SseS3);
    }

    [Fact]
    public void Parse_WithoutRangeSize_GetsWholeObjects()
    {
        Assert.Null(OptionParser.Parse(["get", .. s_keys]).RangeSize);
    }

    [Theory]
    [InlineData("get", "0")]
    [InlineData("get", "lots")]
    [InlineData("get", "-5")]
    [InlineData("get", "513KiB")]
    [InlineData("head", "4KiB")]
    [InlineData("put", "4KiB")]
    [InlineData("mixed", "4KiB")]
    public void Parse_BadRangeSizeForOneMiBObjects_IsAUsageError(string workload, string rangeSize)
    {
        Assert.Throws<UsageException>(() => OptionParser.Parse([workload, .. s_keys, "--size", "1MiB", "--range-size", rangeSize]));
    }

    [Fact]
    public void Parse_RangeSizeOfHalfTheObject_FitsTheMiddleHalf()
    {
        var options = OptionParser.Parse(["get", .. s_keys, "--size", "1MiB", "--range-size", "512KiB"]);

        Assert.Equal(512L << 10, options.RangeSize);
    }

    [Theory]
    [InlineData("4096", 4096)]
    [InlineData("4096B", 4096)]
    [InlineData("4KiB", 4096)]
    [InlineData("16MiB", 16L << 20)]
    [InlineData("1GiB", 1L << 30)]
    public void ByteSize_TryParse_ReadsTheSuffixes(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }
}
