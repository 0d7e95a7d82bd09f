using Coffer.Engine.Buckets;
using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

public abstract class BucketContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task CreateBucketAsync_NewName_GetReturnsEveryField()
    {
        var bucket = new BucketInfo("photos", "eu-west-3", "alice", Now());

        Assert.True(await Store.CreateBucketAsync(bucket, None));

        Assert.Equal(bucket, await Store.GetBucketAsync("photos", None));
    }

    [Fact]
    public async Task CreateBucketAsync_ExistingName_ReturnsFalseAndKeepsTheFirst()
    {
        var first = new BucketInfo("photos", "eu-west-3", "alice", Now());
        await Store.CreateBucketAsync(first, None);

        var created = await Store.CreateBucketAsync(new BucketInfo("photos", "us-east-1", "bob", Now().AddDays(1)), None);

        Assert.False(created);
        Assert.Equal(first, await Store.GetBucketAsync("photos", None));
    }

    [Fact]
    public async Task UpdateBucketAsync_Encryption_RoundTripsAfterReopenAndIsRemovedByNull()
    {
        var withDefault = await CreateBucketAsync("with-default");
        var onlyBlocking = await CreateBucketAsync("only-blocking");
        var configured = new BucketEncryption { Default = new ObjectEncryption(ServerSideEncryption.SseKms) { KmsKeyId = "alias/kept-as-given" }, BucketKeyEnabled = true };
        var blocking = new BucketEncryption { SseCBlocked = true };
        await Store.UpdateBucketAsync(withDefault, found => found with { Encryption = configured }, None);
        await Store.UpdateBucketAsync(onlyBlocking, found => found with { Encryption = blocking }, None);

        await ReopenAsync();
        var read = ((await Store.GetBucketAsync(withDefault, None))!.Encryption, (await Store.GetBucketAsync(onlyBlocking, None))!.Encryption);
        await Store.UpdateBucketAsync(withDefault, found => found with { Encryption = null }, None);

        Assert.Equal((configured, blocking), read);
        Assert.Null((await Store.GetBucketAsync(withDefault, None))!.Encryption);
    }

    [Fact]
    public async Task UpdateBucketAsync_ChangeAlsoTouchesRegionOwnerAndCreation_OnlyTheConfigurationIsStored()
    {
        var created = new BucketInfo("photos", "eu-west-3", "alice", Now());
        await Store.CreateBucketAsync(created, None);

        Assert.True(await Store.UpdateBucketAsync(
            "photos",
            found => found with { Region = "us-east-1", Owner = "mallory", CreatedAt = found.CreatedAt.AddDays(1), Versioning = BucketVersioning.Enabled },
            None));

        Assert.Equal(created with { Versioning = BucketVersioning.Enabled }, await Store.GetBucketAsync("photos", None));
    }

    [Fact]
    public async Task CreateBucketAsync_WithEncryption_KeepsIt()
    {
        var bucket = new BucketInfo("photos", "eu-west-3", "alice", Now()) { Encryption = new BucketEncryption { Default = ObjectEncryption.SseS3 } };

        await Store.CreateBucketAsync(bucket, None);

        Assert.Equal(bucket, await Store.GetBucketAsync("photos", None));
    }

    [Fact]
    public async Task GetBucketAsync_Missing_ReturnsNull()
    {
        await CreateBucketAsync("other");

        Assert.Null(await Store.GetBucketAsync("missing", None));
    }

    [Fact]
    public async Task ListBucketsAsync_Empty_ReturnsNone()
    {
        Assert.Empty(await Store.ListBucketsAsync(None));
    }

    [Fact]
    public async Task ListBucketsAsync_SeveralBuckets_OrderedByName()
    {
        string[] names = ["zeta", "alpha", "alpha-2", "alpha.b", "m0", "9lives"];
        foreach (var name in names)
        {
            await CreateBucketAsync(name);
        }

        var listed = await Store.ListBucketsAsync(None);

        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Select(bucket => bucket.Name));
    }

    [Fact]
    public async Task DeleteBucketAsync_EmptyBucket_DeletedAndGone()
    {
        await CreateBucketAsync("photos");

        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync("photos", None));

        Assert.Null(await Store.GetBucketAsync("photos", None));
        Assert.Empty(await Store.ListBucketsAsync(None));
    }

    [Fact]
    public async Task DeleteBucketAsync_Missing_NotFound()
    {
        Assert.Equal(DeleteBucketOutcome.NotFound, await Store.DeleteBucketAsync("missing", None));
    }

    [Fact]
    public async Task DeleteBucketAsync_WithAnObject_NotEmptyAndKept()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "key", Segment());

        Assert.Equal(DeleteBucketOutcome.NotEmpty, await Store.DeleteBucketAsync(bucket, None));

        Assert.NotNull(await Store.GetBucketAsync(bucket, None));
    }

    [Fact]
    public async Task DeleteBucketAsync_RacingAPut_EitherTheBucketGoesOrTheObjectStays()
    {
        for (var round = 0; round < 40; round++)
        {
            var bucket = await CreateBucketAsync($"race-{round}");

            var putting = Task.Run(() => Store.CommitVersionAsync(Version(bucket, "key", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, None));
            var deleting = Task.Run(() => Store.DeleteBucketAsync(bucket, None));
            var (put, delete) = (await putting, await deleting);

            if (delete == DeleteBucketOutcome.Deleted)
            {
                Assert.Equal(CommitStatus.NoSuchBucket, put.Status);
                Assert.Null(await Store.GetBucketAsync(bucket, None));
            }
            else
            {
                Assert.Equal((DeleteBucketOutcome.NotEmpty, CommitStatus.Committed), (delete, put.Status));
                Assert.NotNull(await Store.GetLatestAsync(bucket, "key", None));
            }
        }

        Assert.Empty(await Store.CheckIntegrityAsync(None));
    }

    [Fact]
    public async Task DeleteBucketAsync_WithOnlyADeleteMarker_NotEmpty()
    {
        var bucket = await CreateBucketAsync();
        var marker = Version(bucket, "key") with { IsDeleteMarker = true };
        await Store.CommitVersionAsync(marker, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(DeleteBucketOutcome.NotEmpty, await Store.DeleteBucketAsync(bucket, None));
    }

    [Fact]
    public async Task DeleteBucketAsync_AfterItsLastObjectIsDeleted_Deleted()
    {
        var bucket = await CreateBucketAsync();
        await PutAsync(bucket, "key", Segment());
        await Store.DeleteCurrentAsync(bucket, "key", WriteCondition.None, None);

        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(bucket, None));
    }
}
