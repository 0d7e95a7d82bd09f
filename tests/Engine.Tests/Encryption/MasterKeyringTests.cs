using System.Security.Cryptography;

using Coffer.Engine.Encryption;

namespace Coffer.Engine.Tests.Encryption;

/// <summary>The keyring a rotation runs with: the new key current, the old one kept for unwrapping only.</summary>
public class MasterKeyringTests
{
    private static readonly byte[] Context = "coffer sse-s3 blob 0123456789abcdef0123456789abcdef"u8.ToArray();

    private readonly byte[] _old = RandomNumberGenerator.GetBytes(MasterKeyring.KeySize);

    private readonly byte[] _new = RandomNumberGenerator.GetBytes(MasterKeyring.KeySize);

    [Fact]
    public void Rewrap_KeyOfTheOlderKey_IsTheSameDataKeyUnderTheCurrentOneAlone()
    {
        using var before = new MasterKeyring(_old);
        using var rotating = new MasterKeyring(_new, _old);
        using var after = new MasterKeyring(_new);
        var dataKey = BlobKeys.NewDataKey();
        var wrapped = before.Wrap(dataKey, Context);

        var rewrapped = rotating.Rewrap(wrapped, Context);

        Assert.Equal(rotating.CurrentKeyId, DataKeyWrapper.ReadKeyId(rewrapped));
        Assert.Equal(dataKey, after.Unwrap(rewrapped, Context));
        Assert.Equal(KeyUnwrapFailure.OtherWrappingKey, Assert.Throws<KeyUnwrapException>(() => before.Unwrap(rewrapped, Context)).Failure);
    }

    [Fact]
    public void Rewrap_ForAnotherContext_IsRefusedAsAuthenticationFailed()
    {
        using var before = new MasterKeyring(_old);
        using var rotating = new MasterKeyring(_new, _old);
        var wrapped = before.Wrap(BlobKeys.NewDataKey(), Context);

        var refused = Assert.Throws<KeyUnwrapException>(() => rotating.Rewrap(wrapped, "coffer sse-s3 blob another"u8));

        Assert.Equal(KeyUnwrapFailure.AuthenticationFailed, refused.Failure);
    }

    [Fact]
    public void HoldsAndIsMasterKeyId_TellTheRingsKeysFromOthers()
    {
        using var rotating = new MasterKeyring(_new, _old);

        Assert.True(rotating.Holds(MasterKeyring.IdOf(_old)));
        Assert.True(rotating.Holds(MasterKeyring.IdOf(_new)));
        Assert.False(rotating.Holds(MasterKeyring.IdOf(RandomNumberGenerator.GetBytes(MasterKeyring.KeySize))));
        Assert.True(MasterKeyring.IsMasterKeyId(MasterKeyring.IdOf(_old)));
        Assert.False(MasterKeyring.IsMasterKeyId(CustomerKeyCheck.WrappingKeyId));
        Assert.False(MasterKeyring.IsMasterKeyId("kms:7f1c2a4e-0000-4000-8000-000000000001:1"));
    }
}
