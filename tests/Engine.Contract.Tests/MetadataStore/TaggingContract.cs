using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>
/// <see cref="VersionRules.SetTags"/> over a real store: the tags of exactly the version named change, everything else
/// of that version and every other version stays, and a refused change leaves nothing behind.
/// </summary>
public abstract class TaggingContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private static readonly TagSet Project = TagSet.Create([new("project", "blue"), new("tier", "cold storage")], TagSetOwner.ObjectVersion);

    [Fact]
    public async Task SetVersionTagsAsync_OnTheCurrentVersion_StoresTheTagsInOrderAndKeepsTheRest()
    {
        var bucket = await CreateBucketAsync();
        var put = await PutAsync(bucket, "k", Segment());

        var status = await Store.SetVersionTagsAsync(bucket, "k", put.VersionId, Project, None);
        await ReopenAsync();

        Assert.Equal(CommitStatus.Committed, status);
        var read = (await Store.GetLatestAsync(bucket, "k", None))!;
        Assert.Equal(Project, read.Attributes.Tags);
        Assert.Equal(["project", "tier"], read.Attributes.Tags.Tags.Select(tag => tag.Key));
        Assert.Equal(put.ETag, read.ETag);
        Assert.Equal(put.Segments, read.Segments);
        Assert.Equal(put.Attributes.Owner, read.Attributes.Owner);
    }

    [Fact]
    public async Task SetVersionTagsAsync_EmptySet_RemovesEveryTag()
    {
        var bucket = await CreateBucketAsync();
        var put = await PutAsync(bucket, "k", Segment());
        await Store.SetVersionTagsAsync(bucket, "k", put.VersionId, Project, None);

        var status = await Store.SetVersionTagsAsync(bucket, "k", put.VersionId, TagSet.Empty, None);

        Assert.Equal(CommitStatus.Committed, status);
        Assert.Equal(0, (await Store.GetLatestAsync(bucket, "k", None))!.Attributes.Tags.Count);
    }

    [Fact]
    public async Task SetVersionTagsAsync_OnAnOlderVersion_TagsOnlyThatVersion()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var older = await PutAsync(bucket, "k", Segment());
        var current = await PutAsync(bucket, "k", Segment());

        var status = await Store.SetVersionTagsAsync(bucket, "k", older.VersionId, Project, None);

        Assert.Equal(CommitStatus.Committed, status);
        Assert.Equal(Project, (await Store.GetVersionAsync(bucket, "k", older.VersionId, None))!.Attributes.Tags);
        var latest = (await Store.GetLatestAsync(bucket, "k", None))!;
        Assert.Equal(current.VersionId, latest.VersionId);
        Assert.Equal(0, latest.Attributes.Tags.Count);
    }

    [Fact]
    public async Task SetVersionTagsAsync_OnADeleteMarker_NotFoundAndNothingChanges()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        await PutAsync(bucket, "k", Segment());
        var marker = (await Store.DeleteCurrentAsync(bucket, "k", WriteCondition.None, None)).Stored!;

        var status = await Store.SetVersionTagsAsync(bucket, "k", marker.VersionId, Project, None);

        Assert.Equal(CommitStatus.NotFound, status);
        Assert.Equal(0, (await Store.GetVersionAsync(bucket, "k", marker.VersionId, None))!.Attributes.Tags.Count);
    }

    [Fact]
    public async Task SetVersionTagsAsync_UnknownVersionOrBucket_RefusedAndNothingChanges()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        await PutAsync(bucket, "k", Segment());

        Assert.Equal(CommitStatus.NotFound, await Store.SetVersionTagsAsync(bucket, "k", VersionIds.New(), Project, None));
        Assert.Equal(CommitStatus.NotFound, await Store.SetVersionTagsAsync(bucket, "other", VersionIds.Null, Project, None));
        Assert.Equal(CommitStatus.NoSuchBucket, await Store.SetVersionTagsAsync("missing", "k", VersionIds.Null, Project, None));
        Assert.Equal(0, (await Store.GetLatestAsync(bucket, "k", None))!.Attributes.Tags.Count);
    }

    [Fact]
    public async Task CommitVersionAsync_WithTags_StoresThemOnTheNewVersion()
    {
        var bucket = await CreateBucketAsync();
        var version = Version(bucket, "k", Segment()) with { Attributes = ObjectAttributes.Default with { Tags = Project } };

        var outcome = await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, None);
        await ReopenAsync();

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal(Project, (await Store.GetLatestAsync(bucket, "k", None))!.Attributes.Tags);
    }
}
