using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Tiering;

namespace Coffer.Engine.Tests.Tiering;

public class BucketIntelligentTieringTests
{
    private readonly EngineUnderTest _engine = new();

    private BucketIntelligentTiering Tiering => new(_engine.Settings);

    private static BucketName Bucket => EngineUnderTest.Bucket;

    private static CancellationToken None => CancellationToken.None;

    private static IntelligentTieringConfiguration Configuration(string id, params IntelligentTiering[] tierings) => new()
    {
        Id = id,
        Enabled = false,
        Tierings = tierings.Length > 0 ? tierings : [new IntelligentTiering(IntelligentTieringAccessTier.ArchiveAccess, 90)],
    };

    [Fact]
    public async Task PutAsync_Enabled_IsStoredAndReportedEnabled()
    {
        await Tiering.PutAsync(Bucket, Configuration("on") with { Enabled = true }, None);

        var stored = Assert.Single(await Tiering.ListAsync(Bucket, None));

        Assert.True(stored.Enabled);
    }

    [Fact]
    public async Task PutAsync_Several_ListsThemInIdOrder()
    {
        await Tiering.PutAsync(Bucket, Configuration("b"), None);
        await Tiering.PutAsync(Bucket, Configuration("a"), None);
        await Tiering.PutAsync(Bucket, Configuration("b", new IntelligentTiering(IntelligentTieringAccessTier.DeepArchiveAccess, 365)), None);

        var all = await Tiering.ListAsync(Bucket, None);

        Assert.Equal(["a", "b"], all.Select(c => c.Id));
        Assert.Equal(IntelligentTieringAccessTier.DeepArchiveAccess, all[1].Tierings[0].AccessTier);
    }

    [Fact]
    public async Task DeleteAsync_TheLastOne_LeavesNoDocument()
    {
        await Tiering.PutAsync(Bucket, Configuration("a"), None);

        Assert.True(await Tiering.DeleteAsync(Bucket, "a", None));
        Assert.False(await Tiering.DeleteAsync(Bucket, "a", None));
        Assert.Null(await _engine.Metadata.GetBucketSettingAsync(Bucket.Value, "intelligent-tiering", None));
    }

    [Theory]
    [InlineData(IntelligentTieringAccessTier.ArchiveAccess, 89)]
    [InlineData(IntelligentTieringAccessTier.ArchiveAccess, 731)]
    [InlineData(IntelligentTieringAccessTier.DeepArchiveAccess, 179)]
    [InlineData(IntelligentTieringAccessTier.DeepArchiveAccess, 731)]
    public async Task PutAsync_DaysOutOfTheTiersRange_IsInvalidArgument(IntelligentTieringAccessTier tier, int days)
    {
        var refused = await Assert.ThrowsAsync<EngineException>(() => Tiering.PutAsync(Bucket, Configuration("a", new IntelligentTiering(tier, days)), None));

        Assert.Equal(EngineError.InvalidArgument, refused.Code);
        Assert.Empty(await Tiering.ListAsync(Bucket, None));
    }

    [Fact]
    public async Task PutAsync_DeepArchiveNotAfterArchive_IsInvalidArgument()
    {
        var refused = await Assert.ThrowsAsync<EngineException>(() => Tiering.PutAsync(Bucket, Configuration(
            "a", new IntelligentTiering(IntelligentTieringAccessTier.ArchiveAccess, 200), new IntelligentTiering(IntelligentTieringAccessTier.DeepArchiveAccess, 180)), None));

        Assert.Equal(EngineError.InvalidArgument, refused.Code);
    }

    [Fact]
    public async Task PutAsync_TheThousandAndFirst_IsTooManyConfigurations()
    {
        for (var i = 0; i < IntelligentTieringValidation.MaxConfigurations; i++)
        {
            await Tiering.PutAsync(Bucket, Configuration($"c{i:D4}"), None);
        }

        var refused = await Assert.ThrowsAsync<EngineException>(() => Tiering.PutAsync(Bucket, Configuration("one-more"), None));

        Assert.Equal(EngineError.TooManyConfigurations, refused.Code);

        // Replacing one of them is no new configuration.
        await Tiering.PutAsync(Bucket, Configuration("c0000", new IntelligentTiering(IntelligentTieringAccessTier.DeepArchiveAccess, 180)), None);
    }
}
