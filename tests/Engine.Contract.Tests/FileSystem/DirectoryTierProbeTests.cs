using Coffer.Engine.FileSystem;
using Coffer.Engine.Tiers;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.FileSystem;

public sealed class DirectoryTierProbeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ProbeAsync_WritableDirectory_IsNullAndLeavesNothingBehind()
    {
        var probe = new DirectoryTierProbe(new DirectoryTierLocation("GLACIER", _directory.Path));

        Assert.Null(await probe.ProbeAsync(CancellationToken.None));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task ProbeAsync_MissingDirectory_SaysSoAndDoesNotCreateIt()
    {
        var missing = Path.Combine(_directory.Path, "not-mounted");
        var probe = new DirectoryTierProbe(new DirectoryTierLocation("GLACIER", missing));

        var problem = await probe.ProbeAsync(CancellationToken.None);

        Assert.Equal($"--tier GLACIER={missing}: the directory does not exist (is the file system mounted?).", problem);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task ProbeAsync_AFileWhereTheDirectoryShouldBe_SaysTheDirectoryDoesNotExist()
    {
        var file = Path.Combine(_directory.Path, "a-file");
        await File.WriteAllTextAsync(file, "x");
        var probe = new DirectoryTierProbe(new DirectoryTierLocation("ONEZONE_IA", file));

        var problem = await probe.ProbeAsync(CancellationToken.None);

        Assert.Equal($"--tier ONEZONE_IA={file}: the directory does not exist (is the file system mounted?).", problem);
    }
}
