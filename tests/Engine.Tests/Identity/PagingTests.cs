using Coffer.Engine.Identity;

namespace Coffer.Engine.Tests.Identity;

public class PagingTests
{
    private static readonly string[] Names = ["a_b", "Ab", "b", "C"];

    [Fact]
    public void Compare_Underscore_SortsBeforeLettersAsSqliteNocaseDoes() =>
        Assert.Equal(Names, Names.Reverse().Order(IamNameOrder.Instance));

    [Fact]
    public void Take_PageByPage_ReturnsEveryNameOnce()
    {
        var seen = new List<string>();
        string? marker = null;
        do
        {
            var page = Paging.Take(Names, n => n, new PageRequest(marker, 3));
            seen.AddRange(page.Items);
            marker = page.NextMarker;
        }
        while (marker is not null);

        Assert.Equal(Names, seen);
    }

    [Fact]
    public void Take_MarkerDeletedMeanwhile_ResumesAtTheNextName() =>
        Assert.Equal(["b", "C"], Paging.Take(["a_b", "b", "C"], n => n, new PageRequest("AB", 10)).Items);

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Take_MaxItemsOutOfRange_IsValidationError(int maxItems)
    {
        var error = Assert.Throws<IdentityException>(() => Paging.Take(Names, n => n, new PageRequest(null, maxItems)));

        Assert.Equal(IdentityError.ValidationError, error.Code);
    }
}
