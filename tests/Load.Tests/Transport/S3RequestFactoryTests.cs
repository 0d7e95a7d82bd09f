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
}
