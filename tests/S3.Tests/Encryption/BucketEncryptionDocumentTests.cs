using System.Text;
using System.Xml.Linq;

using Coffer.Engine.Model;
using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Tests.Encryption;

public class BucketEncryptionDocumentTests
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private const string Aes256 = "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>";

    private static XElement Configuration(string rules) =>
        XElement.Parse($"<ServerSideEncryptionConfiguration xmlns=\"{Namespace}\">{rules}</ServerSideEncryptionConfiguration>");

    private static string Code(string rules) => Assert.Throws<S3Exception>(() => BucketEncryptionDocument.Parse(Configuration(rules))).Error.Code;

    [Fact]
    public void Parse_Aes256Default_IsSseS3WithTheBlockLeftAsItIs()
    {
        var parsed = BucketEncryptionDocument.Parse(Configuration($"<Rule>{Aes256}</Rule>"));

        Assert.Equal(ObjectEncryption.SseS3, parsed.Default);
        Assert.False(parsed.BucketKeyEnabled);
        Assert.Null(parsed.BlockSseC);
    }

    [Theory]
    [InlineData("<EncryptionType>SSE-C</EncryptionType>", true)]
    [InlineData("<EncryptionType>NONE</EncryptionType>", false)]
    [InlineData("<EncryptionType>SSE-C</EncryptionType><EncryptionType>SSE-C</EncryptionType>", true)]
    [InlineData("", false)]
    public void Parse_BlockedEncryptionTypes_SaysWhetherSseCIsBlocked(string types, bool blocked)
    {
        var parsed = BucketEncryptionDocument.Parse(Configuration($"<Rule>{Aes256}<BlockedEncryptionTypes>{types}</BlockedEncryptionTypes></Rule>"));

        Assert.Equal(blocked, parsed.BlockSseC);
    }

    [Fact]
    public void Parse_RuleWithOnlyABlock_HasNoDefault()
    {
        var parsed = BucketEncryptionDocument.Parse(Configuration("<Rule><BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes></Rule>"));

        Assert.Null(parsed.Default);
        Assert.True(parsed.BlockSseC);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    public void Parse_BucketKeyEnabled_IsKept(string text, bool enabled)
    {
        Assert.Equal(enabled, BucketEncryptionDocument.Parse(Configuration($"<Rule>{Aes256}<BucketKeyEnabled>{text}</BucketKeyEnabled></Rule>")).BucketKeyEnabled);
    }

    [Theory]
    [InlineData("")] // no rule
    [InlineData("<Rule>" + Aes256 + "</Rule><Rule>" + Aes256 + "</Rule>")] // two rules
    [InlineData("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>ROT13</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>")]
    [InlineData("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aes256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>")] // case-sensitive
    [InlineData("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:fsx</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>")]
    [InlineData("<Rule><ApplyServerSideEncryptionByDefault/></Rule>")] // no algorithm
    [InlineData("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>")]
    [InlineData("<Rule>" + Aes256 + Aes256 + "</Rule>")]
    [InlineData("<Rule>" + Aes256 + "<BucketKeyEnabled>maybe</BucketKeyEnabled></Rule>")]
    [InlineData("<Rule>" + Aes256 + "<BlockedEncryptionTypes><EncryptionType>SSE-KMS</EncryptionType></BlockedEncryptionTypes></Rule>")]
    [InlineData("<Rule>" + Aes256 + "<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes></Rule>")]
    [InlineData("<Rule>" + Aes256 + "<BlockedEncryptionTypes><Type>SSE-C</Type></BlockedEncryptionTypes></Rule>")]
    [InlineData("<Rule>" + Aes256 + "<ExpectedBucketOwner>1</ExpectedBucketOwner></Rule>")] // an element S3 does not define there
    [InlineData("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm><b>AES256</b></SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>")]
    [InlineData("<Rule/><Other/>")]
    public void Parse_AnotherShape_IsMalformedXml(string rules)
    {
        Assert.Equal("MalformedXML", Code(rules));
    }

    [Theory]
    [InlineData("<EncryptionConfiguration><Rule/></EncryptionConfiguration>")]
    [InlineData("<ServerSideEncryptionConfiguration/>")]
    public void Parse_AnotherRootOrNoBody_IsMalformedXml(string xml)
    {
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => BucketEncryptionDocument.Parse(XElement.Parse(xml))).Error.Code);
        Assert.Equal("MalformedXML", Assert.Throws<S3Exception>(() => BucketEncryptionDocument.Parse(null)).Error.Code);
    }

    [Fact]
    public void Parse_KmsKeyWithAes256_IsInvalidArgumentNamingTheDefault()
    {
        var refused = Assert.Throws<S3Exception>(() => BucketEncryptionDocument.Parse(Configuration(
            "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>alias/media</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule>")));

        Assert.Equal(("InvalidArgument", BucketEncryptionDocument.KmsKeyWithoutKms), (refused.Error.Code, refused.Message));
        Assert.Contains(new KeyValuePair<string, string>("ArgumentName", "ApplyServerSideEncryptionByDefault"), refused.Details);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("<KMSMasterKeyID>arn:aws:kms:us-east-1:111122223333:key/1234</KMSMasterKeyID>", "arn:aws:kms:us-east-1:111122223333:key/1234")]
    [InlineData("<KMSMasterKeyID>alias/media</KMSMasterKeyID>", "alias/media")]
    public void Parse_KmsDefault_KeepsTheKeyAsNamed(string key, string? expected)
    {
        var parsed = BucketEncryptionDocument.Parse(Configuration($"<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>{key}</ApplyServerSideEncryptionByDefault></Rule>"));

        Assert.Equal(new ObjectEncryption(ServerSideEncryption.SseKms) { KmsKeyId = expected }, parsed.Default);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("<KMSMasterKeyID>alias/media</KMSMasterKeyID>", "alias/media")]
    public void Parse_DsseKmsDefault_KeepsTheKeyAsNamed(string key, string? expected)
    {
        var parsed = BucketEncryptionDocument.Parse(Configuration($"<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms:dsse</SSEAlgorithm>{key}</ApplyServerSideEncryptionByDefault></Rule>"));

        Assert.Equal(new ObjectEncryption(ServerSideEncryption.DsseKms) { KmsKeyId = expected }, parsed.Default);
    }

    [Fact]
    public void Parse_KmsDefaultInADocumentS3Refuses_IsS3sErrorFirst()
    {
        const string Kms = "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault>";

        Assert.Equal("MalformedXML", Code($"<Rule>{Kms}</Rule><Rule>{Kms}</Rule>"));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Write_ThenParse_GivesTheConfigurationBack(bool blocked, bool bucketKey)
    {
        var configuration = new BucketEncryption { Default = ObjectEncryption.SseS3, SseCBlocked = blocked, BucketKeyEnabled = bucketKey };

        var parsed = BucketEncryptionDocument.Parse(XmlRequestReader.Parse(Written(configuration)));

        Assert.Equal(configuration, parsed.Over(null));
    }

    [Fact]
    public void Write_DsseKmsDefault_NamesAwsKmsDsseAndParsesBack()
    {
        var configuration = new BucketEncryption { Default = new ObjectEncryption(ServerSideEncryption.DsseKms) { KmsKeyId = "alias/media" } };

        var written = Written(configuration);

        Assert.Contains("<SSEAlgorithm>aws:kms:dsse</SSEAlgorithm>", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        Assert.Equal(configuration, BucketEncryptionDocument.Parse(XmlRequestReader.Parse(written)).Over(null));
    }

    [Fact]
    public void Write_WithoutDefault_NamesNoAlgorithmButTheBlock()
    {
        var xml = Encoding.UTF8.GetString(Written(new BucketEncryption { SseCBlocked = false }));

        Assert.DoesNotContain("ApplyServerSideEncryptionByDefault", xml, StringComparison.Ordinal);
        Assert.Contains("<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType></BlockedEncryptionTypes>", xml, StringComparison.Ordinal);
    }

    private static byte[] Written(BucketEncryption configuration)
    {
        using var buffer = new MemoryStream();
        XmlResponse.WriteDocument(buffer, xml => BucketEncryptionDocument.Write(xml, configuration));
        return buffer.ToArray();
    }
}
