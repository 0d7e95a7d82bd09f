using Coffer.Engine.Buckets;
using Coffer.Engine.Errors;
using Coffer.Engine.Model;

namespace Coffer.Engine.Tests.Buckets;

public class BucketSettingsTests
{
    private const string Document = "<CORSConfiguration><CORSRule/></CORSConfiguration>";

    private readonly EngineUnderTest _engine = new();

    private static BucketName Bucket => EngineUnderTest.Bucket;

    private static BucketName Missing { get; } = BucketName.TryParse("missing", out var name) ? name.Value : throw new InvalidOperationException();

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task PutAsync_ThenGetAndFind_ReturnTheDocument()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Cors, Document, None);

        Assert.Equal(Document, await _engine.Settings.GetAsync(Bucket, BucketSettingName.Cors, None));
        Assert.Equal(Document, await _engine.Settings.FindAsync(Bucket, BucketSettingName.Cors, None));
    }

    [Fact]
    public async Task PutAsync_Twice_KeepsTheSecond()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Cors, "first", None);

        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Cors, "second", None);

        Assert.Equal("second", await _engine.Settings.GetAsync(Bucket, BucketSettingName.Cors, None));
    }

    [Fact]
    public async Task PutAsync_StoresUnderTheStableName()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Cors, Document, None);

        Assert.Equal(Document, await _engine.Metadata.GetBucketSettingAsync(Bucket.Value, "cors", None));
    }

    [Fact]
    public async Task GetAsync_NoDocument_IsNull()
    {
        Assert.Null(await _engine.Settings.GetAsync(Bucket, BucketSettingName.Cors, None));
    }

    [Fact]
    public async Task GetAsync_MissingBucket_IsNoSuchBucket()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Settings.GetAsync(Missing, BucketSettingName.Cors, None));

        Assert.Equal(EngineError.NoSuchBucket, error.Code);
    }

    [Fact]
    public async Task FindAsync_MissingBucket_IsNull()
    {
        Assert.Null(await _engine.Settings.FindAsync(Missing, BucketSettingName.Cors, None));
    }

    [Fact]
    public async Task PutAsync_MissingBucket_IsNoSuchBucketAndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Settings.PutAsync(Missing, BucketSettingName.Cors, Document, None));

        Assert.Equal(EngineError.NoSuchBucket, error.Code);
        Assert.Null(await _engine.Metadata.GetBucketSettingAsync(Missing.Value, "cors", None));
    }

    [Fact]
    public async Task DeleteAsync_StoredDocument_IsGone()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Cors, Document, None);

        await _engine.Settings.DeleteAsync(Bucket, BucketSettingName.Cors, None);

        Assert.Null(await _engine.Settings.GetAsync(Bucket, BucketSettingName.Cors, None));
    }

    [Fact]
    public async Task DeleteAsync_NoDocument_Succeeds()
    {
        await _engine.Settings.DeleteAsync(Bucket, BucketSettingName.Cors, None);

        Assert.Null(await _engine.Settings.GetAsync(Bucket, BucketSettingName.Cors, None));
    }

    [Fact]
    public async Task DeleteAsync_MissingBucket_IsNoSuchBucket()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Settings.DeleteAsync(Missing, BucketSettingName.Cors, None));

        Assert.Equal(EngineError.NoSuchBucket, error.Code);
    }

    [Fact]
    public async Task DeleteBucket_WithADocument_TakesItAlong()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Cors, Document, None);

        await _engine.Buckets.DeleteAsync(Bucket, None);
        await _engine.Buckets.CreateAsync(Bucket, "us-east-1", "root", None);

        Assert.Null(await _engine.Settings.GetAsync(Bucket, BucketSettingName.Cors, None));
    }

    [Fact]
    public void StoredName_EverySetting_IsDistinctAndLowercase()
    {
        var names = Enum.GetValues<BucketSettingName>().Select(BucketSettings.StoredName).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Equal(name.ToLowerInvariant(), name));
    }

    [Fact]
    public async Task FindAsync_AfterPutThroughTheEngine_SeesTheNewDocumentAtOnce()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Policy, "allow", None);
        Assert.Equal("allow", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));

        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Policy, "deny", None);

        Assert.Equal("deny", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));
    }

    [Fact]
    public async Task FindAsync_AfterDeleteThroughTheEngine_IsNullAtOnce()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Policy, "allow", None);
        Assert.Equal("allow", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));

        await _engine.Settings.DeleteAsync(Bucket, BucketSettingName.Policy, None);

        Assert.Null(await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));
    }

    [Fact]
    public async Task FindAsync_BucketDeletedAndMadeAgain_DoesNotInheritThePolicy()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Policy, "public-read", None);
        Assert.Equal("public-read", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));

        await _engine.Buckets.DeleteAsync(Bucket, None);
        await _engine.Buckets.CreateAsync(Bucket, "us-east-1", "root", None);

        Assert.Null(await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));
    }

    [Fact]
    public async Task FindAsync_ChangedBehindTheEngine_IsSeenOnceTheLifetimePasses()
    {
        // Another node sharing the database writes without this process's counter.
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Policy, "old", None);
        Assert.Equal("old", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));
        await _engine.Metadata.PutBucketSettingAsync(Bucket.Value, "policy", "new", None);
        Assert.Equal("old", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));

        _engine.Clock.Advance(BucketSettings.FindLifetime);

        Assert.Equal("new", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));
    }

    [Fact]
    public async Task GetAsync_ChangedBehindTheEngine_IsReadFromTheStore()
    {
        await _engine.Settings.PutAsync(Bucket, BucketSettingName.Policy, "old", None);
        Assert.Equal("old", await _engine.Settings.FindAsync(Bucket, BucketSettingName.Policy, None));

        await _engine.Metadata.PutBucketSettingAsync(Bucket.Value, "policy", "new", None);

        Assert.Equal("new", await _engine.Settings.GetAsync(Bucket, BucketSettingName.Policy, None));
    }
}
