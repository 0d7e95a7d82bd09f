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

    [Fact]
    public void Open_FromManyThreadsAtOnce_AllSucceed()
    {
        // Signed requests of IAM users open their secrets concurrently; one cipher context
        // shared by several threads at once failed with tag mismatches under load.
        using var box = new SecretBox(Key);
        var sealedBytes = box.Seal("shared-secret", "AKSHARED");
        var failures = 0;
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.Wait();
            for (var i = 0; i < 20_000; i++)
            {
                try
                {
                    if (box.Open(sealedBytes, "AKSHARED") != "shared-secret")
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (CryptographicException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());

        Assert.Equal(0, failures);
    }
}
