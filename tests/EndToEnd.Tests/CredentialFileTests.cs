using System.Runtime.Versioning;

using Coffer.Server.Credentials;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>The secrets the server keeps in its data directory are created private and reused.</summary>
[SupportedOSPlatform("linux")]
public class CredentialFileTests
{
    [Fact]
    public void SealingKeyLoad_FirstStartThenAgain_CreatesOne32ByteOwnerOnlyFileAndReusesIt()
    {
        using var data = new TempDirectory("coffer-keys-");

        var first = SealingKey.Load(data.Path);
        var second = SealingKey.Load(data.Path);

        var path = Path.Combine(data.Path, SealingKey.FileName);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(first, File.ReadAllBytes(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void SealingKeyLoad_FileOfWrongLength_IsRefused()
    {
        using var data = new TempDirectory("coffer-keys-");
        File.WriteAllBytes(Path.Combine(data.Path, SealingKey.FileName), new byte[7]);

        Assert.Throws<InvalidDataException>(() => SealingKey.Load(data.Path));
    }
}
