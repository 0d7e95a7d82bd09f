using System.Globalization;

using Coffer.Bench.Load.Transport;
using Coffer.TestKit.Signing;

namespace Coffer.Load.Tests.Transport;

public class S3RequestFactoryTests
{
    [Fact]
    public void Create_KeyAndQueryNeedingEscapes_SendsTheEncodedTextThatWasSigned()
    {
        var factory = new S3RequestFactory(new Uri("http://127.0.0.1:9300"), "bench", new SigV4Signer("AK", "SK", "us-east-1"));

        using var request = factory.Create(HttpMethod.Get, "a b/./c+d", [new("prefix", "x/y"), new("continuation-token", "t=")]);

        Assert.Equal("http://127.0.0.1:9300/bench/a%20b/./c%2Bd?continuation-token=t%3D&prefix=x%2Fy", request.RequestUri!.OriginalString);
        Assert.Equal("/bench/a%20b/./c%2Bd", request.RequestUri.AbsolutePath);
        Assert.Equal(SigV4Signer.EmptyPayloadHash, request.Headers.GetValues("x-amz-content-sha256").Single());
    }

    [Fact]
    public void Create_WithBody_SignsItAsUnsignedPayload()
    {
        var factory = new S3RequestFactory(new Uri("http://127.0.0.1:9300"), "bench", new SigV4Signer("AK", "SK", "us-east-1"));

        using var content = new ByteArrayContent([1, 2, 3]);
        using var request = factory.Create(HttpMethod.Put, "k", content: content);

        Assert.Equal(SigV4Signer.UnsignedPayload, request.Headers.GetValues("x-amz-content-sha256").Single());
    }

    [Fact]
    public void Create_WithSseHeader_SendsItAndSignsIt()
    {
        var signer = new SigV4Signer("AK", "SK", "us-east-1");
        var factory = new S3RequestFactory(new Uri("http://127.0.0.1:9300"), "bench", signer);

        using var content = new ByteArrayContent([1, 2, 3]);
        using var request = factory.Create(HttpMethod.Put, "k", content: content, headers: ServerSideEncryption.SseS3.WriteHeaders);

        Assert.Equal("AES256", request.Headers.GetValues("x-amz-server-side-encryption").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-server-side-encryption,", authorization, StringComparison.Ordinal);

        // The same request signed by hand, at the time the factory stamped on it, must give the same signature.
        var sentAt = DateTime.ParseExact(request.Headers.GetValues("x-amz-date").Single(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var expected = signer.SignHeaders("PUT", "/bench/k", "",
            [("host", "127.0.0.1:9300"), ("x-amz-content-sha256", SigV4Signer.UnsignedPayload), ("x-amz-server-side-encryption", "AES256")],
            SigV4Signer.UnsignedPayload, sentAt);
        Assert.Equal(expected.Authorization, authorization);
    }

    [Fact]
    public void Create_WithRange_SendsItAsGivenAndSignsIt()
    {
        var factory = new S3RequestFactory(new Uri("http://127.0.0.1:9300"), "bench", new SigV4Signer("AK", "SK", "us-east-1"));

        using var request = factory.Create(HttpMethod.Get, "k", headers: [("Range", "bytes=10-19")]);

        Assert.Equal("bytes=10-19", request.Headers.Range?.ToString());
        Assert.Contains("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }
}
