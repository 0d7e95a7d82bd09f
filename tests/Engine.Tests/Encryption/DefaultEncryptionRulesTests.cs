using Coffer.Engine.Encryption;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Encryption;

public class DefaultEncryptionRulesTests
{
    private static readonly BucketInfo Plain = new("bucket", "us-east-1", "owner", DateTimeOffset.UnixEpoch);

    private static readonly BucketInfo Aes256Default = Plain with { Encryption = new BucketEncryption { Default = ObjectEncryption.SseS3 } };

    private static readonly BucketInfo OnlyBlocksSseC = Plain with { Encryption = new BucketEncryption { SseCBlocked = true } };

    public static TheoryData<BucketInfo, ObjectEncryption?, ObjectEncryption?> Choices => new()
    {
        { Plain, null, null },
        { Plain, ObjectEncryption.SseS3, ObjectEncryption.SseS3 },
        { Aes256Default, null, ObjectEncryption.SseS3 },
        { Aes256Default, ObjectEncryption.SseS3, ObjectEncryption.SseS3 },
        { OnlyBlocksSseC, null, null },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public void For_AWriteAskingOrNot_IsWhatItAskedElseTheBucketsDefault(BucketInfo bucket, ObjectEncryption? asked, ObjectEncryption? chosen)
    {
        Assert.Equal(chosen, DefaultEncryptionRules.For(asked, bucket));
    }

    [Fact]
    public void Obeys_PlaintextInABucketWithADefault_IsFalse_AndEverythingElseTrue()
    {
        var plaintext = ObjectAttributes.Default;
        var sealedAttributes = ObjectAttributes.Default with { Encryption = ObjectEncryption.SseS3 };

        Assert.False(DefaultEncryptionRules.Obeys(plaintext, Aes256Default));
        Assert.True(DefaultEncryptionRules.Obeys(sealedAttributes, Aes256Default));
        Assert.True(DefaultEncryptionRules.Obeys(plaintext, Plain));
        Assert.True(DefaultEncryptionRules.Obeys(sealedAttributes, Plain));
        Assert.True(DefaultEncryptionRules.Obeys(plaintext, OnlyBlocksSseC));
    }

    [Fact]
    public void BlocksCustomerKeys_OnlyWhenTheConfigurationSaysSo()
    {
        Assert.False(DefaultEncryptionRules.BlocksCustomerKeys(Plain));
        Assert.False(DefaultEncryptionRules.BlocksCustomerKeys(Aes256Default));
        Assert.True(DefaultEncryptionRules.BlocksCustomerKeys(OnlyBlocksSseC));
    }
}
