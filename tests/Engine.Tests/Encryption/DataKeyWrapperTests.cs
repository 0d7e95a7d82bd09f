using System.Security.Cryptography;
using System.Text;

using Coffer.Engine.Encryption;

namespace Coffer.Engine.Tests.Encryption;

public class DataKeyWrapperTests
{
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(DataKeyWrapper.KeySize);

    private static readonly byte[] Context = "sse-s3\0bucket-a\0photos/cat.jpg"u8.ToArray();

    [Fact]
    public void Unwrap_WhatWasWrapped_ReturnsTheDataKey()
    {
        using var wrapper = new DataKeyWrapper("master-1", MasterKey);
        var dataKey = BlobKeys.NewDataKey();

        var wrapped = wrapper.Wrap(dataKey, Context);

        Assert.Equal(dataKey, wrapper.Unwrap(wrapped, Context));
        Assert.Equal(-1, wrapped.AsSpan().IndexOf(dataKey));
    }

    [Fact]
    public void Wrap_SameKeyTwice_GivesDifferentBytesThatBothUnwrap()
    {
        using var wrapper = new DataKeyWrapper("master-1", MasterKey);
        var dataKey = BlobKeys.NewDataKey();

        var first = wrapper.Wrap(dataKey, Context);
        var second = wrapper.Wrap(dataKey, Context);

        Assert.NotEqual(first, second);
        Assert.Equal(dataKey, wrapper.Unwrap(second, Context));
    }

    [Fact]
    public void Wrap_Layout_IsVersionThenKeyIdThenNonceKeyAndTag()
    {
        using var wrapper = new DataKeyWrapper("kms:arn:example/1234", MasterKey);

        var wrapped = wrapper.Wrap(BlobKeys.NewDataKey(), Context);

        var keyId = Encoding.UTF8.GetBytes("kms:arn:example/1234");
        Assert.Equal(1, wrapped[0]);
        Assert.Equal(keyId.Length, wrapped[1]);
        Assert.Equal(keyId, wrapped.AsSpan(2, keyId.Length).ToArray());
        Assert.Equal(2 + keyId.Length + 12 + 32 + 16, wrapped.Length);
        Assert.Equal(wrapped.Length, wrapper.WrappedLength);
        Assert.Equal("kms:arn:example/1234", DataKeyWrapper.ReadKeyId(wrapped));
    }

    [Fact]
    public void Unwrap_UnderAnotherKeyWithTheSameId_FailsAuthentication()
    {
        using var wrapper = new DataKeyWrapper("master-1", MasterKey);
        using var impostor = new DataKeyWrapper("master-1", RandomNumberGenerator.GetBytes(32));

        AssertRefused(KeyUnwrapFailure.AuthenticationFailed, impostor, wrapper.Wrap(BlobKeys.NewDataKey(), Context), Context);
    }

    [Fact]
    public void Unwrap_WithAnotherContext_FailsAuthentication()
    {
        using var wrapper = new DataKeyWrapper("master-1", MasterKey);

        AssertRefused(KeyUnwrapFailure.AuthenticationFailed, wrapper, wrapper.Wrap(BlobKeys.NewDataKey(), Context), "sse-s3\0bucket-a\0photos/dog.jpg"u8.ToArray());
    }

    [Fact]
    public void Unwrap_WrappedByAnotherKeyId_SaysWhichKeyWrappedIt()
    {
        using var old = new DataKeyWrapper("master-1", MasterKey);
        using var rotated = new DataKeyWrapper("master-2", RandomNumberGenerator.GetBytes(32));

        var refused = AssertRefused(KeyUnwrapFailure.OtherWrappingKey, rotated, old.Wrap(BlobKeys.NewDataKey(), Context), Context);

        Assert.Contains("master-1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwrap_KeyIdRelabelled_FailsAuthentication()
    {
        // The same key bytes under two ids (a renamed key): the id a key was wrapped under is bound in, too.
        using var original = new DataKeyWrapper("master-1", MasterKey);
        using var renamed = new DataKeyWrapper("master-2", MasterKey);
        var wrapped = original.Wrap(BlobKeys.NewDataKey(), Context);
        "master-2"u8.CopyTo(wrapped.AsSpan(2));

        AssertRefused(KeyUnwrapFailure.AuthenticationFailed, renamed, wrapped, Context);
    }

    [Fact]
    public void Unwrap_AnyBitFlipped_IsRefused()
    {
        using var wrapper = new DataKeyWrapper("master-1", MasterKey);
        var wrapped = wrapper.Wrap(BlobKeys.NewDataKey(), Context);
        var failures = new HashSet<KeyUnwrapFailure>();

        for (var bit = 0; bit < wrapped.Length * 8; bit++)
        {
            var altered = (byte[])wrapped.Clone();
            altered[bit / 8] ^= (byte)(1 << (bit % 8));
            failures.Add(Assert.Throws<KeyUnwrapException>(() => wrapper.Unwrap(altered, Context)).Failure);
        }

        // The version byte, the key id (and its length) and the sealed rest each fail in their own way.
        Assert.Contains(KeyUnwrapFailure.UnknownVersion, failures);
        Assert.Contains(KeyUnwrapFailure.OtherWrappingKey, failures);
        Assert.Contains(KeyUnwrapFailure.AuthenticationFailed, failures);
    }

    [Fact]
    public void Unwrap_CutShortOrExtended_IsMalformed()
    {
        using var wrapper = new DataKeyWrapper("master-1", MasterKey);
        var wrapped = wrapper.Wrap(BlobKeys.NewDataKey(), Context);

        foreach (var length in (int[])[0, 1, 5, wrapped.Length - 1])
        {
            AssertRefused(KeyUnwrapFailure.Malformed, wrapper, wrapped[..length], Context);
        }

        AssertRefused(KeyUnwrapFailure.Malformed, wrapper, [.. wrapped, 0], Context);
    }

    [Fact]
    public void Wrap_AfterDispose_Throws()
    {
        var wrapper = new DataKeyWrapper("master-1", MasterKey);
        wrapper.Dispose();

        Assert.Throws<ObjectDisposedException>(() => wrapper.Wrap(BlobKeys.NewDataKey(), Context));
    }

    [Theory]
    [InlineData("", 32, 32)]
    [InlineData("master-1", 16, 32)]
    [InlineData("master-1", 32, 31)]
    public void WrapperAndWrap_WrongSizes_Throw(string keyId, int wrappingKeySize, int dataKeySize)
    {
        Assert.ThrowsAny<ArgumentException>(() =>
        {
            using var wrapper = new DataKeyWrapper(keyId, new byte[wrappingKeySize]);
            wrapper.Wrap(new byte[dataKeySize], Context);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(DataKeyWrapper.MaxSealedPlaintext)]
    public void Open_WhatWasSealed_ReturnsItForAnyAllowedLength(int length)
    {
        using var wrapper = new DataKeyWrapper("kms:key:1", MasterKey);
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var sealedValue = wrapper.Seal(plaintext, Context);

        Assert.Equal(plaintext, wrapper.Open(sealedValue, Context));
        Assert.Equal("kms:key:1", DataKeyWrapper.ReadKeyId(sealedValue));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(DataKeyWrapper.MaxSealedPlaintext + 1)]
    public void Seal_EmptyOrOverTheLimit_Throws(int length)
    {
        using var wrapper = new DataKeyWrapper("kms:key:1", MasterKey);

        Assert.Throws<ArgumentException>(() => wrapper.Seal(new byte[length], Context));
    }

    [Fact]
    public void OpenAndUnwrap_OtherContextOrCutShort_AreRefused()
    {
        using var wrapper = new DataKeyWrapper("kms:key:1", MasterKey);
        var sealedValue = wrapper.Seal(new byte[100], Context);
        var cut = sealedValue.AsSpan(0, sealedValue.Length - 100).ToArray(); // as long as header, nonce and tag alone

        Assert.Equal(KeyUnwrapFailure.AuthenticationFailed, Assert.Throws<KeyUnwrapException>(() => wrapper.Open(sealedValue, "other"u8)).Failure);
        Assert.Equal(KeyUnwrapFailure.Malformed, Assert.Throws<KeyUnwrapException>(() => wrapper.Open(cut, Context)).Failure);

        // A sealed value of another length is never taken for a wrapped data key.
        AssertRefused(KeyUnwrapFailure.Malformed, wrapper, sealedValue, Context);
    }

    private static KeyUnwrapException AssertRefused(KeyUnwrapFailure failure, DataKeyWrapper unwrapper, byte[] wrapped, byte[] context)
    {
        var refused = Assert.Throws<KeyUnwrapException>(() => unwrapper.Unwrap(wrapped, context));
        Assert.Equal(failure, refused.Failure);
        return refused;
    }
}
