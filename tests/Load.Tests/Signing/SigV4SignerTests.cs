using Coffer.Bench.Load.Transport;
using Coffer.TestKit.Signing;

namespace Coffer.Load.Tests.Signing;

/// <summary>Against the worked examples of https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html.</summary>
public class SigV4SignerTests
{
    private const string ExampleHost = "examplebucket.s3.amazonaws.com";

    // The SHA-256 of the PUT example's body, "Welcome to Amazon S3.".
    private const string PutExamplePayloadHash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    private static readonly DateTime s_exampleTime = new(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc);

    private static SigV4Signer ExampleSigner()
    {
        return new SigV4Signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    }

    [Fact]
    public void Sign_AwsListObjectsExample_GivesAwsSignature()
    {
        var query = S3RequestFactory.CanonicalQuery([new("prefix", "J"), new("max-keys", "2")]);

        var signature = ExampleSigner().Sign("GET", "/", query, ExampleHost, SigV4Signer.EmptyPayloadHash, s_exampleTime);

        Assert.Equal("max-keys=2&prefix=J", query);
        Assert.Equal("20130524T000000Z", signature.AmzDate);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
            signature.Authorization);
    }

    [Fact]
    public void Sign_AwsGetLifecycleExample_GivesAwsSignature()
    {
        var query = S3RequestFactory.CanonicalQuery([new("lifecycle", "")]);

        var signature = ExampleSigner().Sign("GET", "/", query, ExampleHost, SigV4Signer.EmptyPayloadHash, s_exampleTime);

        Assert.EndsWith("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543", signature.Authorization);
    }

    [Fact]
    public void SignHeaders_AwsPutObjectExampleWithExtraAmzHeader_GivesAwsSignature()
    {
        // The example signs Date and x-amz-storage-class beside the usual three; names come in any order and case, and
        // values with the padding and inner runs of spaces that SigV4 trims and collapses.
        IReadOnlyList<(string, string)> headers =
        [
            ("X-Amz-Storage-Class", "  REDUCED_REDUNDANCY "),
            ("Date", "Fri,  24 May 2013   00:00:00 GMT"),
            ("Host", ExampleHost),
            ("x-amz-content-sha256", PutExamplePayloadHash),
        ];

        var signature = ExampleSigner().SignHeaders("PUT", "/test%24file.text", "", headers, PutExamplePayloadHash, s_exampleTime);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
            signature.Authorization);
    }

    [Fact]
    public void Sign_NextDay_UsesThatDaysKey()
    {
        var signer = ExampleSigner();
        var query = S3RequestFactory.CanonicalQuery([new("lifecycle", "")]);
        _ = signer.Sign("GET", "/", query, ExampleHost, SigV4Signer.EmptyPayloadHash, s_exampleTime.AddDays(-1));

        var signature = signer.Sign("GET", "/", query, ExampleHost, SigV4Signer.EmptyPayloadHash, s_exampleTime);

        Assert.EndsWith("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543", signature.Authorization);
    }
}
