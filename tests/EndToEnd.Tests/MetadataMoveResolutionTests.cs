using Coffer.Engine.Sqlite;
using Coffer.Server.Configuration;
using Coffer.Server.Hosting;
using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>Which database a command on a moved data directory runs on, for each --metadata it may be given.</summary>
public sealed class MetadataMoveResolutionTests : IAsyncLifetime
{
    private const string Target = "postgresql://coffer:s3cret-password@db.example:5432/coffer";

    private readonly TempDirectory _data = new("coffer-moved-");

    public async Task InitializeAsync()
    {
        await using (await SqliteMetadataStore.OpenAsync(Path.Combine(_data.Path, "metadata.db"), CancellationToken.None))
        {
        }

        MetadataMoveByHand.Move(_data.Path, Target, new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    }

    public Task DisposeAsync()
    {
        _data.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Resolve_NoMetadataGiven_IsTheFilesTargetWithItsPassword()
    {
        var (metadata, move) = MetadataMove.Resolve(_data.Path, null);

        Assert.Equal(Target, metadata);
        Assert.Equal("metadata moved to postgresql://coffer@db.example:5432/coffer on 2026-12-07T09:00:00.000Z", move?.ToString());
    }

    [Theory]
    [InlineData("postgresql://coffer@db.example:5432/coffer")]
    [InlineData("postgresql://coffer:another-password@DB.example/coffer?sslmode=require")]
    [InlineData("Host=db.example;Port=5432;Username=coffer;Database=coffer;Password=another-password")]
    public void Resolve_SameDatabaseInAnotherForm_IsTheOneGiven(string given)
    {
        Assert.Equal(given, MetadataMove.Resolve(_data.Path, given).Metadata);
    }

    [Theory]
    [InlineData("postgresql://coffer@db.example:5432/other")]
    [InlineData("postgresql://someone@db.example:5432/coffer")]
    [InlineData("postgresql://coffer@db2.example:5432/coffer")]
    [InlineData("postgresql://coffer@db.example:5433/coffer")]
    public void Resolve_AnotherDatabase_IsRefusedNamingTheMovedOneWithoutItsPassword(string given)
    {
        var refused = Assert.Throws<ConfigurationException>(() => MetadataMove.Resolve(_data.Path, given));

        Assert.Contains("(postgresql://coffer@db.example:5432/coffer)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DirectoryNeverMoved_IsWhateverWasGiven()
    {
        using var fresh = new TempDirectory("coffer-not-moved-");

        Assert.Equal((null, null), MetadataMove.Resolve(fresh.Path, null));
        Assert.Equal(("postgresql://coffer@db.example/coffer", null), MetadataMove.Resolve(fresh.Path, "postgresql://coffer@db.example/coffer"));
    }
}
