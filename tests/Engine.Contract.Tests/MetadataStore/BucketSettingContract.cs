using Coffer.Engine.Buckets;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class BucketSettingContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private const string Cors = "cors";

    private const string Document = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>";

    [Fact]
    public async Task PutBucketSettingAsync_NewSetting_GetReturnsTheDocument()
    {
        var bucket = await CreateBucketAsync();

        Assert.Equal(CommitStatus.Committed, await Store.PutBucketSettingAsync(bucket, Cors, Document, None));

        Assert.Equal(Document, await Store.GetBucketSettingAsync(bucket, Cors, None));
    }

    [Fact]
    public async Task PutBucketSettingAsync_Again_ReplacesTheDocument()
    {
        var bucket = await CreateBucketAsync();
        await Store.PutBucketSettingAsync(bucket, Cors, "first", None);

        Assert.Equal(CommitStatus.Committed, await Store.PutBucketSettingAsync(bucket, Cors, "second", None));

        Assert.Equal("second", await Store.GetBucketSettingAsync(bucket, Cors, None));
    }

    [Fact]
    public async Task PutBucketSettingAsync_AnyText_ComesBackExactly()
    {
        var bucket = await CreateBucketAsync();
        var document = "{\"Statement\": [\"é\", \"日本\", \"🪣\"]}\n\t<x a='&amp;'/>" + new string('x', 100_000);

        await Store.PutBucketSettingAsync(bucket, "policy", document, None);

        Assert.Equal(document, await Store.GetBucketSettingAsync(bucket, "policy", None));
    }

    [Fact]
    public async Task PutBucketSettingAsync_MissingBucket_NoSuchBucketAndNothingStored()
    {
        Assert.Equal(CommitStatus.NoSuchBucket, await Store.PutBucketSettingAsync("missing", Cors, Document, None));

        Assert.Null(await Store.GetBucketSettingAsync("missing", Cors, None));
        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task GetBucketSettingAsync_NothingStored_ReturnsNull()
    {
        var bucket = await CreateBucketAsync();

        Assert.Null(await Store.GetBucketSettingAsync(bucket, Cors, None));
        Assert.Null(await Store.GetBucketSettingAsync("missing", Cors, None));
    }

    [Fact]
    public async Task GetBucketSettingAsync_SettingsAreKeptPerBucketAndName()
    {
        await CreateBucketAsync("first");
        await CreateBucketAsync("second");
        await Store.PutBucketSettingAsync("first", Cors, "first cors", None);
        await Store.PutBucketSettingAsync("first", "policy", "first policy", None);
        await Store.PutBucketSettingAsync("second", Cors, "second cors", None);

        Assert.Equal("first cors", await Store.GetBucketSettingAsync("first", Cors, None));
        Assert.Equal("first policy", await Store.GetBucketSettingAsync("first", "policy", None));
        Assert.Equal("second cors", await Store.GetBucketSettingAsync("second", Cors, None));
        Assert.Null(await Store.GetBucketSettingAsync("second", "policy", None));
    }

    [Fact]
    public async Task DeleteBucketSettingAsync_StoredSetting_RemovesOnlyThatOne()
    {
        var bucket = await CreateBucketAsync();
        await Store.PutBucketSettingAsync(bucket, Cors, Document, None);
        await Store.PutBucketSettingAsync(bucket, "policy", "policy", None);

        Assert.Equal(CommitStatus.Committed, await Store.DeleteBucketSettingAsync(bucket, Cors, None));

        Assert.Null(await Store.GetBucketSettingAsync(bucket, Cors, None));
        Assert.Equal("policy", await Store.GetBucketSettingAsync(bucket, "policy", None));
    }

    [Fact]
    public async Task DeleteBucketSettingAsync_NothingStored_Committed()
    {
        var bucket = await CreateBucketAsync();

        Assert.Equal(CommitStatus.Committed, await Store.DeleteBucketSettingAsync(bucket, Cors, None));
    }

    [Fact]
    public async Task DeleteBucketSettingAsync_MissingBucket_NoSuchBucket()
    {
        Assert.Equal(CommitStatus.NoSuchBucket, await Store.DeleteBucketSettingAsync("missing", Cors, None));
    }

    [Fact]
    public async Task DeleteBucketAsync_WithSettings_DeletedAndTheyGoWithIt()
    {
        var bucket = await CreateBucketAsync();
        await Store.PutBucketSettingAsync(bucket, Cors, Document, None);
        await Store.PutBucketSettingAsync(bucket, "policy", "policy", None);

        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(bucket, None));
        await CreateBucketAsync(bucket);

        Assert.Null(await Store.GetBucketSettingAsync(bucket, Cors, None));
        Assert.Null(await Store.GetBucketSettingAsync(bucket, "policy", None));
        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task DeleteBucketAsync_NotEmpty_KeepsItsSettings()
    {
        var bucket = await CreateBucketAsync();
        await Store.PutBucketSettingAsync(bucket, Cors, Document, None);
        await PutAsync(bucket, "key", Segment());

        Assert.Equal(DeleteBucketOutcome.NotEmpty, await Store.DeleteBucketAsync(bucket, None));

        Assert.Equal(Document, await Store.GetBucketSettingAsync(bucket, Cors, None));
    }

    [Fact]
    public async Task PutBucketSettingAsync_AfterReopen_StillThere()
    {
        var bucket = await CreateBucketAsync();
        await Store.PutBucketSettingAsync(bucket, Cors, Document, None);

        await ReopenAsync();

        Assert.Equal(Document, await Store.GetBucketSettingAsync(bucket, Cors, None));
    }
}
