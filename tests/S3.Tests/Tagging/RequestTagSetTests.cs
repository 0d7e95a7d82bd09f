using Coffer.Engine.Model;
using Coffer.S3.Errors;
using Coffer.S3.Tagging;

namespace Coffer.S3.Tests.Tagging;

/// <summary>A tag set read once, whether the authorizer or the operation asks first, with S3's error kept for the operation.</summary>
public class RequestTagSetTests
{
    private static readonly TagSet TeamA = TagSet.Create([new Tag("team", "a")], TagSetOwner.ObjectVersion);

    [Fact]
    public async Task ReadAsync_AskedByThePoliciesAndThenTheOperation_ReadsOnce()
    {
        var reads = 0;
        var tags = new RequestTagSet(() =>
        {
            reads++;
            return Task.FromResult(TeamA);
        });

        var judged = await tags.ForPoliciesAsync();
        var stored = await tags.ReadAsync();

        Assert.Same(judged, stored);
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task ReadAsync_OfASetS3Refuses_OffersPoliciesNoneAndKeepsTheErrorForTheOperation()
    {
        var reads = 0;
        var tags = new RequestTagSet(() =>
        {
            reads++;
            throw new S3Exception(S3Error.MalformedXML);
        });

        var judged = await tags.ForPoliciesAsync();
        var refused = await Assert.ThrowsAsync<S3Exception>(tags.ReadAsync);

        Assert.Null(judged);
        Assert.Equal(S3Error.MalformedXML, refused.Error);
        Assert.Equal(1, reads);
    }
}
