using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Model;

public class VersionIdsTests
{
    [Fact]
    public void New_TenThousandIds_AreDistinctUrlSafeAndNeverBeginWithADash()
    {
        // Without the redraw about 156 of 10,000 would begin with '-' (one in 64).
        var ids = Enumerable.Range(0, 10_000).Select(_ => VersionIds.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_][A-Za-z0-9_-]{31}$", id));
    }
}
