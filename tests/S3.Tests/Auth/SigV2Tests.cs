using Coffer.S3.Errors;

using static Coffer.S3.Tests.Auth.AuthTestKit;

namespace Coffer.S3.Tests.Auth;

/// <summary>
/// Signature Version 2, from the examples of "Signing and authenticating REST requests" in the S3
/// developer guide. Their signatures were computed for the bucket "johnsmith" (later documentation
/// renamed the bucket but kept the signatures), so that is the bucket used here.
/// </summary>
public class SigV2Tests
{
    private static readonly DateTimeOffset March27 = new(2007, 3, 27, 19, 40, 0, TimeSpan.Zero);

    [Fact]
    public async Task AuthenticateAsync_DocumentedVirtualHostedGet_IsVerified()
    {
        var context = Request("GET", "/photos/puppy.jpg", [
            ("Host", "johnsmith.s3.amazonaws.com"),
            ("Date", "Tue, 27 Mar 2007 19:36:42 +0000"),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(March27, "s3.amazonaws.com"), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
        Assert.Equal(Principal, result.Principal);
    }

    [Fact]
    public async Task AuthenticateAsync_DocumentedPut_IsVerified()
    {
        var context = Request("PUT", "/photos/puppy.jpg", [
            ("Content-Type", "image/jpeg"),
            ("Content-Length", "0"),
            ("Host", "johnsmith.s3.amazonaws.com"),
            ("Date", "Tue, 27 Mar 2007 21:15:45 +0000"),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg="),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(March27.AddHours(1.5), "s3.amazonaws.com"), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Theory]
    [InlineData("/?prefix=photos&max-keys=50&marker=puppy", "Tue, 27 Mar 2007 19:42:41 +0000", "htDYFYduRNen8P9ZfE/s9SuKy0U=")]
    [InlineData("/?acl", "Tue, 27 Mar 2007 19:44:46 +0000", "c2WLPFtWHVgbEmeEG93a4cG37dM=")]
    public async Task AuthenticateAsync_DocumentedBucketRequest_SignsOnlySubResources(string rawTarget, string date, string signature)
    {
        var context = Request("GET", rawTarget, [
            ("Host", "johnsmith.s3.amazonaws.com"),
            ("Date", date),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + signature),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(March27, "s3.amazonaws.com"), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_DocumentedPathStyleDeleteWithAmzDate_IsVerified()
    {
        var context = Request("DELETE", "/johnsmith/photos/puppy.jpg", [
            ("User-Agent", "dotnet"),
            ("Host", "s3.amazonaws.com"),
            ("Date", "Tue, 27 Mar 2007 21:20:27 +0000"),
            ("x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000"),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:lx3byBScXR6KzyMaifNkardMwNk="),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(March27.AddHours(1.5)), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_DocumentedUploadWithAmzHeaders_IsVerified()
    {
        // The documentation sends this to a CNAME host; path-style addressing signs the same resource.
        var context = Request("PUT", "/static.johnsmith.net/db-backup.dat.gz", [
            ("User-Agent", "curl/7.15.5"),
            ("Host", "s3.amazonaws.com:8080"),
            ("Date", "Tue, 27 Mar 2007 21:06:08 +0000"),
            ("x-amz-acl", "public-read"),
            ("content-type", "application/x-download"),
            ("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="),
            ("X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"),
            ("X-Amz-Meta-ReviewedBy", "jane@johnsmith.net"),
            ("X-Amz-Meta-FileChecksum", "0x02661779"),
            ("X-Amz-Meta-ChecksumAlgorithm", "crc32"),
            ("Content-Disposition", "attachment; filename=database.dat"),
            ("Content-Encoding", "gzip"),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:ilyl83RwaSoYIEdixDQcA4OnAnc="),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(March27.AddHours(1.5)), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Theory]
    [InlineData("/", "Wed, 28 Mar 2007 01:29:59 +0000", "qGdzdERIC03wnaRNKh6OqZehG9s=")]
    [InlineData("/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", "Wed, 28 Mar 2007 01:49:49 +0000", "DNEZGsoieTZ92F3bUfSPQcbGmlM=")]
    public async Task AuthenticateAsync_DocumentedPathStyleGet_SignsPathLiterally(string rawTarget, string date, string signature)
    {
        var context = Request("GET", rawTarget, [
            ("Host", "s3.amazonaws.com"),
            ("Date", date),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:" + signature),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(new DateTimeOffset(2007, 3, 28, 1, 40, 0, TimeSpan.Zero)), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_DocumentedQueryString_IsVerifiedUntilExpires()
    {
        var context = Request("GET", "/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620", [
            ("Host", "johnsmith.s3.amazonaws.com"),
        ]);

        var (result, _) = await AuthenticateAndReadAsync(Authenticator(DateTimeOffset.FromUnixTimeSeconds(1175139620), "s3.amazonaws.com"), context);

        Assert.Equal(AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_QueryStringAfterExpires_IsAccessDenied()
    {
        var context = Request("GET", "/photos/puppy.jpg?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620", [
            ("Host", "johnsmith.s3.amazonaws.com"),
        ]);

        var error = await FailsAsync(Authenticator(DateTimeOffset.FromUnixTimeSeconds(1175139621), "s3.amazonaws.com"), context);

        Assert.Equal(S3Error.AccessDenied, error.Error);
        Assert.Equal("Request has expired", error.Message);
        Assert.Equal("2007-03-29T03:40:20Z", Detail(error, "Expires"));
    }

    [Fact]
    public async Task AuthenticateAsync_WrongSignature_IsSignatureDoesNotMatchWithStringToSign()
    {
        var context = Request("GET", "/photos/puppy.jpg", [
            ("Host", "johnsmith.s3.amazonaws.com"),
            ("Date", "Tue, 27 Mar 2007 19:36:42 +0000"),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg="),
        ]);

        var error = await FailsAsync(Authenticator(March27, "s3.amazonaws.com"), context);

        Assert.Equal(S3Error.SignatureDoesNotMatch, error.Error);
        Assert.Equal("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg", Detail(error, "StringToSign"));
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownKey_IsInvalidAccessKeyId()
    {
        var context = Request("GET", "/photos/puppy.jpg", [
            ("Host", "johnsmith.s3.amazonaws.com"),
            ("Date", "Tue, 27 Mar 2007 19:36:42 +0000"),
            ("Authorization", "AWS AKIAUNKNOWN:bWq2s1WEIj+Ydj0vQ697zp+IXMU="),
        ]);

        var error = await FailsAsync(Authenticator(March27, "s3.amazonaws.com"), context);

        Assert.Equal(S3Error.InvalidAccessKeyId, error.Error);
    }

    [Fact]
    public async Task AuthenticateAsync_DateSkewed_IsRequestTimeTooSkewed()
    {
        var context = Request("GET", "/photos/puppy.jpg", [
            ("Host", "johnsmith.s3.amazonaws.com"),
            ("Date", "Tue, 27 Mar 2007 19:36:42 +0000"),
            ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU="),
        ]);

        var error = await FailsAsync(Authenticator(March27.AddHours(1), "s3.amazonaws.com"), context);

        Assert.Equal(S3Error.RequestTimeTooSkewed, error.Error);
    }

    [Fact]
    public async Task AuthenticateAsync_HeaderWithoutColon_IsInvalidArgument()
    {
        var context = Request("GET", "/photos/puppy.jpg", [("Date", "Tue, 27 Mar 2007 19:36:42 +0000"), ("Authorization", "AWS AKIAIOSFODNN7EXAMPLE")]);

        var error = await FailsAsync(Authenticator(March27), context);

        Assert.Equal(S3Error.InvalidArgument, error.Error);
    }
}
