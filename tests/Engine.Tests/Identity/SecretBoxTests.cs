using System.Security.Cryptography;

using Coffer.Engine.Identity;

namespace Coffer.Engine.Tests.Identity;

public class SecretBoxTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(SecretBox.KeySize);

    [Fact]
    public void Open_WhatWasSealed_ReturnsTheSecretAndTheSealedBytesDoNotContainIt()
    {
        using var box = new SecretBox(Key);

        var sealedBytes = box.Seal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAEXAMPLE");

        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", box.Open(sealedBytes, "AKIAEXAMPLE"));
        Assert.DoesNotContain("wJalrXUtnFEMI", System.Text.Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_SameSecretTwice_GivesDifferentBytes()
    {
        using var box = new SecretBox(Key);

        Assert.NotEqual(box.Seal("secret", "AK"), box.Seal("secret", "AK"));
    }

    [Fact]
    public void Open_UnderAnotherAccessKeyId_Throws()
    {
        using var box = new SecretBox(Key);
        var sealedBytes = box.Seal("secret", "AKALICE");

        Assert.ThrowsAny<CryptographicException>(() => box.Open(sealedBytes, "AKBOB"));
    }

    [Fact]
    public void Open_AlteredBytesOrAnotherKey_Throws()
    {
        using var box = new SecretBox(Key);
        using var other = new SecretBox(RandomNumberGenerator.GetBytes(SecretBox.KeySize));
        var sealedBytes = box.Seal("secret", "AK");
        var altered = (byte[])sealedBytes.Clone();
        altered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => box.Open(altered, "AK"));
        Assert.ThrowsAny<CryptographicException>(() => other.Open(sealedBytes, "AK"));
        Assert.ThrowsAny<CryptographicException>(() => box.Open(sealedBytes.AsSpan(0, 10), "AK"));
    }
}
