using Coffer.Engine.Tiers;

namespace Coffer.Engine.Tests.Tiers;

public sealed class TierLocationsTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    [Fact]
    public void Parse_AbsoluteDirectory_IsADirectoryTier()
    {
        var parsed = Parse("STANDARD_IA=/mnt/cold/");

        Assert.Empty(parsed.Problems);
        var location = Assert.IsType<DirectoryTierLocation>(Assert.Single(parsed.Locations));
        Assert.Equal("STANDARD_IA", location.StorageClass);
        Assert.Equal("/mnt/cold", location.Directory);
        Assert.Equal("--tier STANDARD_IA=/mnt/cold", location.Flag);
    }

    [Fact]
    public void Parse_S3WithEndpointAndRegion_IsAnS3TierAddressedPathStyle()
    {
        var parsed = Parse("GLACIER=s3://cold/coffer/blobs/?endpoint=http://127.0.0.1:9000&region=eu-west-1");

        Assert.Empty(parsed.Problems);
        var location = Assert.IsType<S3TierLocation>(Assert.Single(parsed.Locations));
        Assert.Equal(("cold", "coffer/blobs", "eu-west-1"), (location.Bucket, location.Prefix, location.Region));
        Assert.Equal(new Uri("http://127.0.0.1:9000"), location.Endpoint);
        Assert.Equal("--tier GLACIER=s3://cold/coffer/blobs", location.Flag);
        Assert.Equal("http://127.0.0.1:9000", location.EndpointDisplay);
    }

    [Fact]
    public void Parse_S3WithoutEndpoint_IsAwsInUsEast1()
    {
        var location = Assert.IsType<S3TierLocation>(Assert.Single(Parse("DEEP_ARCHIVE=s3://Legacy_Bucket").Locations));

        Assert.Null(location.Endpoint);
        Assert.Equal(("Legacy_Bucket", "", "us-east-1"), (location.Bucket, location.Prefix, location.Region));
        Assert.Equal("--tier DEEP_ARCHIVE=s3://Legacy_Bucket", location.Flag);
    }

    [Fact]
    public void Parse_S3Tier_NamesItsCredentialVariablesAfterTheClass()
    {
        var location = Assert.IsType<S3TierLocation>(Assert.Single(Parse("GLACIER_IR=s3://warm/x").Locations));

        Assert.Equal("COFFER_TIER_GLACIER_IR_ACCESS_KEY_ID", location.AccessKeyIdVariable);
        Assert.Equal("COFFER_TIER_GLACIER_IR_SECRET_ACCESS_KEY", location.SecretAccessKeyVariable);
    }

    [Fact]
    public void Parse_EveryMappableClass_IsAccepted()
    {
        var parsed = TierLocations.Parse(TierLocations.MappableClasses.Select(c => $"{c}=/mnt/{c.ToLowerInvariant()}"), NoVariables.GetValueOrDefault);

        Assert.Empty(parsed.Problems);
        Assert.Equal(7, parsed.Locations.Count);
    }

    [Theory]
    [InlineData("GLACIER", "--tier GLACIER: expected CLASS=LOCATION, e.g. GLACIER=/mnt/cold or GLACIER=s3://bucket/prefix.")]
    [InlineData("STANDARD=/mnt/x", "--tier STANDARD=/mnt/x: STANDARD is the main store and cannot be mapped to a tier.")]
    [InlineData("COLD=/mnt/x", "--tier COLD=/mnt/x: 'COLD' is not a storage class a tier can hold; use one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE, REDUCED_REDUNDANCY.")]
    [InlineData("glacier=/mnt/x", "--tier glacier=/mnt/x: 'glacier' is not a storage class a tier can hold; use one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE, REDUCED_REDUNDANCY.")]
    [InlineData("EXPRESS_ONEZONE=/mnt/x", "--tier EXPRESS_ONEZONE=/mnt/x: 'EXPRESS_ONEZONE' is not a storage class a tier can hold; use one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE, REDUCED_REDUNDANCY.")]
    [InlineData("GLACIER=", "--tier GLACIER=: no location; give an absolute directory or s3://bucket/prefix.")]
    [InlineData("GLACIER=cold/tier", "--tier GLACIER=cold/tier: 'cold/tier' is a relative directory; give an absolute path, so the tier does not depend on the working directory.")]
    [InlineData("GLACIER=./cold", "--tier GLACIER=./cold: './cold' is a relative directory; give an absolute path, so the tier does not depend on the working directory.")]
    [InlineData("GLACIER=https://cold.example/x", "--tier GLACIER=https://cold.example/x: not a location Coffer can use; give an absolute directory or s3://bucket/prefix.")]
    [InlineData("GLACIER=s3://", "--tier GLACIER=s3://: missing bucket; write s3://bucket/prefix.")]
    [InlineData("GLACIER=s3:///prefix", "--tier GLACIER=s3:///prefix: missing bucket; write s3://bucket/prefix.")]
    [InlineData("GLACIER=s3://?endpoint=http://h:1", "--tier GLACIER=s3://?endpoint=http://h:1: missing bucket; write s3://bucket/prefix.")]
    [InlineData("GLACIER=s3://ab/x", "--tier GLACIER=s3://ab/x: 'ab' is not a bucket name (3 to 63 letters, digits, '.', '-' or '_').")]
    [InlineData("GLACIER=s3://my bucket/x", "--tier GLACIER=s3://my bucket/x: 'my bucket' is not a bucket name (3 to 63 letters, digits, '.', '-' or '_').")]
    [InlineData("GLACIER=s3://cold/x#frag", "--tier GLACIER=s3://cold/x#frag: bad URL: a tier URL has no fragment ('#').")]
    [InlineData("GLACIER=s3://cold/x?endpoint=127.0.0.1:9000", "--tier GLACIER=s3://cold/x?endpoint=127.0.0.1:9000: bad URL: endpoint '127.0.0.1:9000' is not an http:// or https:// URL.")]
    [InlineData("GLACIER=s3://cold/x?endpoint=ftp://h", "--tier GLACIER=s3://cold/x?endpoint=ftp://h: bad URL: endpoint 'ftp://h' is not an http:// or https:// URL.")]
    [InlineData("GLACIER=s3://cold/x?endpoint=http://h:9/base", "--tier GLACIER=s3://cold/x?endpoint=http://h:9/base: bad URL: endpoint 'http://h:9/base' has a path or query; give only scheme, host and port.")]
    [InlineData("GLACIER=s3://cold/x?endpoint=", "--tier GLACIER=s3://cold/x?endpoint=: bad URL: endpoint '' is not an http:// or https:// URL.")]
    [InlineData("GLACIER=s3://cold/x?region=EU", "--tier GLACIER=s3://cold/x?region=EU: bad URL: 'EU' is not a region (lowercase letters, digits and '-', e.g. us-east-1).")]
    [InlineData("GLACIER=s3://cold/x?region=", "--tier GLACIER=s3://cold/x?region=: bad URL: '' is not a region (lowercase letters, digits and '-', e.g. us-east-1).")]
    [InlineData("GLACIER=s3://cold/x?region=us-east-1&region=eu-west-1", "--tier GLACIER=s3://cold/x?region=us-east-1&region=eu-west-1: bad URL: 'region' is given twice.")]
    [InlineData("GLACIER=s3://cold/x?storage=cheap", "--tier GLACIER=s3://cold/x?storage=cheap: bad URL: unknown parameter 'storage'; the parameters are endpoint and region.")]
    [InlineData("GLACIER=s3://cold/x?secretKey=abc", "--tier GLACIER=s3://cold/x?secretKey=abc: bad URL: unknown parameter 'secretKey'; the parameters are endpoint and region.")]
    [InlineData("GLACIER=s3://cold/x?endpoint=http://me:pw@h:9", "--tier GLACIER=s3://cold/x?endpoint=http://…@h:9: bad URL: credentials do not belong in the endpoint; set them in the environment.")]
    [InlineData("GLACIER=s3://cold/a\u0001b", "--tier GLACIER=s3://cold/a\u0001b: bad URL: the prefix has control characters.")]
    public void Parse_BadValue_IsOneLineNamingTheFlag(string value, string expected)
    {
        var parsed = Parse(value);

        Assert.Empty(parsed.Locations);
        Assert.Equal([expected], parsed.Problems);
    }

    [Fact]
    public void Parse_CredentialsInTheUrl_AreRefusedWithoutRepeatingThem()
    {
        var parsed = Parse("GLACIER=s3://AKIAEXAMPLE:wJalrXUtnFEMI@cold/x");

        var problem = Assert.Single(parsed.Problems);
        Assert.DoesNotContain("wJalrXUtnFEMI", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLE", problem, StringComparison.Ordinal);
        Assert.Equal(
            "--tier GLACIER=s3://…@cold/x: credentials do not belong in the URL (they would show in process lists and logs); "
                + "set COFFER_TIER_GLACIER_ACCESS_KEY_ID and COFFER_TIER_GLACIER_SECRET_ACCESS_KEY.",
            problem);
    }

    [Fact]
    public void Parse_SameClassTwice_KeepsTheFirstAndNamesTheSecond()
    {
        var parsed = Parse("GLACIER=/mnt/a", "GLACIER=s3://cold/x");

        Assert.Equal("/mnt/a", Assert.IsType<DirectoryTierLocation>(Assert.Single(parsed.Locations)).Directory);
        Assert.Equal(["--tier GLACIER=s3://cold/x: GLACIER is already mapped (--tier GLACIER=/mnt/a); give each class one location."], parsed.Problems);
    }

    [Fact]
    public void Parse_SeveralBadValues_IsOneLineEach()
    {
        var parsed = Parse("STANDARD=/a", "GLACIER=rel", "ONEZONE_IA=/mnt/ok", "DEEP_ARCHIVE=s3://");

        Assert.Equal(3, parsed.Problems.Count);
        Assert.Equal("ONEZONE_IA", Assert.Single(parsed.Locations).StorageClass);
    }

    [Theory]
    [InlineData("COFFER_TIER_GLACIER_ACCESS_KEY_ID", "COFFER_TIER_GLACIER_SECRET_ACCESS_KEY")]
    [InlineData("COFFER_TIER_GLACIER_SECRET_ACCESS_KEY", "COFFER_TIER_GLACIER_ACCESS_KEY_ID")]
    public void Parse_OneHalfOfTheTierKeyPair_SaysWhichIsMissing(string set, string missing)
    {
        var variables = new Dictionary<string, string> { [set] = "value" };

        var parsed = TierLocations.Parse(["GLACIER=s3://cold/x"], variables.GetValueOrDefault);

        Assert.Equal([$"--tier GLACIER=s3://cold/x: {set} is set but {missing} is not; set both, or neither to use the AWS SDK's default credentials."], parsed.Problems);
    }

    [Fact]
    public void Parse_BothHalvesOfTheTierKeyPair_IsAccepted()
    {
        var variables = new Dictionary<string, string>
        {
            ["COFFER_TIER_GLACIER_ACCESS_KEY_ID"] = "id",
            ["COFFER_TIER_GLACIER_SECRET_ACCESS_KEY"] = "secret",
        };

        var parsed = TierLocations.Parse(["GLACIER=s3://cold/x"], variables.GetValueOrDefault);

        Assert.Empty(parsed.Problems);
    }

    private static TierLocationsParse Parse(params string[] values) => TierLocations.Parse(values, NoVariables.GetValueOrDefault);
}
