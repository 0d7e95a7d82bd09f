using System.Security.Cryptography;

using Coffer.Engine.Encryption;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Encryption;

public class CopyEncryptionRulesTests
{
    private static readonly CustomerKey Key = new(RandomNumberGenerator.GetBytes(32));

    private static readonly CustomerKey Other = new(RandomNumberGenerator.GetBytes(32));

    private static readonly ObjectAttributes SseC = new() { Encryption = CustomerKeyRules.For(Key) };

    private static readonly ObjectEncryption KmsA = new(ServerSideEncryption.SseKms) { KmsKeyId = "arn:aws:kms:us-east-1:000000000000:key/a" };

    private static readonly ObjectEncryption KmsB = KmsA with { KmsKeyId = "arn:aws:kms:us-east-1:000000000000:key/b" };

    private static readonly BucketInfo Plain = new("plain", "us-east-1", "owner", DateTimeOffset.UnixEpoch);

    private static readonly BucketInfo DefaultKmsB = Plain with { Name = "kms", Encryption = new BucketEncryption { Default = KmsB } };

    [Fact]
    public void Asked_WithNothingNamed_KeepsTheSourcesEncryption_ButSealsAnSseCSourceWithSseS3()
    {
        Assert.Null(CopyEncryptionRules.Asked(null, null, ObjectAttributes.Default, Plain, null));
        Assert.Same(KmsA, CopyEncryptionRules.Asked(null, null, new ObjectAttributes { Encryption = KmsA }, Plain, null));
        Assert.Same(ObjectEncryption.SseS3, CopyEncryptionRules.Asked(null, null, SseC, Plain, Key));
    }

    [Fact]
    public void Asked_WithNothingNamed_TakesTheDestinationsDefault_OverTheSources()
    {
        Assert.Equal(KmsB.KmsKeyId, CopyEncryptionRules.Asked(null, null, new ObjectAttributes { Encryption = KmsA }, DefaultKmsB, null)!.KmsKeyId);
        Assert.Equal(ServerSideEncryption.SseKms, CopyEncryptionRules.Asked(null, null, ObjectAttributes.Default, DefaultKmsB, null)!.Kind);
    }

    [Fact]
    public void Asked_WithANamedEncryption_TakesItOverTheDefaultAndTheSource()
    {
        Assert.Same(ObjectEncryption.SseS3, CopyEncryptionRules.Asked(ObjectEncryption.SseS3, null, new ObjectAttributes { Encryption = KmsA }, DefaultKmsB, null));
    }

    [Fact]
    public void Asked_WithACopyKey_KeepsTheSourcesCheckOnlyUnderTheSourcesOwnKey()
    {
        Assert.Same(SseC.Encryption, CopyEncryptionRules.Asked(null, new CustomerKey(Key.Bytes), SseC, Plain, Key));

        var underOther = CopyEncryptionRules.Asked(null, Other, SseC, Plain, Key)!;
        Assert.Equal(ServerSideEncryption.SseC, underOther.Kind);
        Assert.True(CustomerKeyCheck.Matches(Other, underOther.CustomerKeyCheck));
        Assert.False(CustomerKeyCheck.Matches(Key, underOther.CustomerKeyCheck));

        var fromPlain = CopyEncryptionRules.Asked(null, Key, ObjectAttributes.Default, Plain, null)!;
        Assert.True(CustomerKeyCheck.Matches(Key, fromPlain.CustomerKeyCheck));
    }

    [Fact]
    public void MayShareBlobs_OnlyWhenSealedAsTheCopyWouldBe()
    {
        Assert.True(CopyEncryptionRules.MayShareBlobs(null, null));
        Assert.True(CopyEncryptionRules.MayShareBlobs(ObjectEncryption.SseS3, ObjectEncryption.SseS3));
        Assert.True(CopyEncryptionRules.MayShareBlobs(KmsA, KmsA with { BucketKeyEnabled = true }));
        Assert.True(CopyEncryptionRules.MayShareBlobs(SseC.Encryption, SseC.Encryption));

        Assert.False(CopyEncryptionRules.MayShareBlobs(null, ObjectEncryption.SseS3));
        Assert.False(CopyEncryptionRules.MayShareBlobs(ObjectEncryption.SseS3, null));
        Assert.False(CopyEncryptionRules.MayShareBlobs(ObjectEncryption.SseS3, KmsA));
        Assert.False(CopyEncryptionRules.MayShareBlobs(KmsA, KmsB));
        Assert.False(CopyEncryptionRules.MayShareBlobs(KmsA, KmsA with { KmsContext = "{\"a\":\"b\"}" }));
        Assert.False(CopyEncryptionRules.MayShareBlobs(SseC.Encryption, CustomerKeyRules.For(Key)));
    }
}
