using Coffer.Engine.Model;
using Coffer.Engine.Ports;
using Coffer.Engine.Versions;

namespace Coffer.Engine.Contract.Tests.MetadataStore;

/// <summary>
/// The engine's version rules (which version is current, what deletes do in each versioning state, what object lock
/// forbids, which blobs go) over a real store: the rules decide, the store must keep exactly what they decided.
/// </summary>
public abstract class VersioningContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    [Fact]
    public async Task UpdateBucketAsync_VersioningAndLock_RoundTripAfterReopen()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Suspended);
        var locked = await CreateLockedBucketAsync(DefaultRetention.ForYears(RetentionMode.Governance, 2));

        await ReopenAsync();

        Assert.Equal(BucketVersioning.Suspended, (await Store.GetBucketAsync(bucket, None))!.Versioning);
        var lockedInfo = (await Store.GetBucketAsync(locked, None))!;
        Assert.Equal(BucketVersioning.Enabled, lockedInfo.Versioning);
        Assert.Equal(RetentionMode.Governance, lockedInfo.ObjectLock!.DefaultRetention!.Mode);
        Assert.Equal(2, lockedInfo.ObjectLock.DefaultRetention.Years);
        Assert.Null(lockedInfo.ObjectLock.DefaultRetention.Days);
        Assert.False(await Store.UpdateBucketAsync("missing", found => found, None));
    }

    [Fact]
    public async Task CommitVersionAsync_InEnabledBucket_KeepsTheOlderVersionUnderANewId()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var first = await PutAsync(bucket, "k", Segment());

        var outcome = await Store.CommitVersionAsync(Version(bucket, "k", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        Assert.True(VersionId.TryParse(first.VersionId, out var parsed) && !parsed.Value.IsNull);
        Assert.NotEqual(first.VersionId, outcome.Stored!.VersionId);
        Assert.Equal(outcome.Stored.VersionId, (await Store.GetLatestAsync(bucket, "k", None))!.VersionId);
        var older = await Store.GetVersionAsync(bucket, "k", first.VersionId, None);
        Assert.NotNull(older);
        Assert.False(older.IsLatest);
        Assert.Equal(first.Segments, older.Segments);
    }

    [Fact]
    public async Task DeleteCurrentAsync_InEnabledBucket_AddsAMarkerAndFreesNothing()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var kept = await PutAsync(bucket, "k", Segment());

        var outcome = await Store.DeleteCurrentAsync(bucket, "k", WriteCondition.None, "alice", Now(), None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        var marker = outcome.Stored!;
        Assert.True(marker.IsDeleteMarker);
        Assert.Equal("alice", marker.Attributes.Owner);
        var latest = await Store.GetLatestAsync(bucket, "k", None);
        Assert.True(latest!.IsDeleteMarker);
        Assert.Equal(marker.VersionId, latest.VersionId);
        Assert.True(await Store.IsBlobKnownAsync(kept.Segments[0].Blob, None));
        Assert.Empty(await Store.ScanAsync(bucket, default, true, default, 10, None));
    }

    [Fact]
    public async Task DeleteCurrentAsync_InEnabledBucketOnAMissingKey_StillAddsAMarker()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);

        var outcome = await Store.DeleteCurrentAsync(bucket, "never", WriteCondition.None, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.True((await Store.GetLatestAsync(bucket, "never", None))!.IsDeleteMarker);
    }

    [Fact]
    public async Task DeleteVersionAsync_OfTheCurrentVersion_MakesTheNewestRemainingCurrent()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var first = await PutAsync(bucket, "k", Segment());
        var second = await PutAsync(bucket, "k", Segment());
        var third = await PutAsync(bucket, "k", Segment());

        var outcome = await Store.DeleteVersionAsync(bucket, "k", third.VersionId, false, Now(), None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Equal([third.Segments[0].Blob], outcome.ReleasedBlobs);
        Assert.Equal(second.VersionId, (await Store.GetLatestAsync(bucket, "k", None))!.VersionId);
        Assert.Null(await Store.GetVersionAsync(bucket, "k", third.VersionId, None));
        Assert.NotNull(await Store.GetVersionAsync(bucket, "k", first.VersionId, None));
    }

    [Fact]
    public async Task DeleteVersionAsync_OfAnOlderVersion_LeavesTheCurrentOne()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var first = await PutAsync(bucket, "k", Segment());
        var second = await PutAsync(bucket, "k", Segment());

        var outcome = await Store.DeleteVersionAsync(bucket, "k", first.VersionId, false, Now(), None);

        Assert.Equal([first.Segments[0].Blob], outcome.ReleasedBlobs);
        Assert.False(outcome.Removed!.IsLatest);
        Assert.Equal(second.VersionId, (await Store.GetLatestAsync(bucket, "k", None))!.VersionId);
    }

    [Fact]
    public async Task DeleteVersionAsync_OfTheMarker_UncoversTheVersionBelow()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var hidden = await PutAsync(bucket, "k", Segment());
        var marker = (await Store.DeleteCurrentAsync(bucket, "k", WriteCondition.None, None)).Stored!;

        var outcome = await Store.DeleteVersionAsync(bucket, "k", marker.VersionId, false, Now(), None);

        Assert.True(outcome.Removed!.IsDeleteMarker);
        Assert.Equal(hidden.VersionId, (await Store.GetLatestAsync(bucket, "k", None))!.VersionId);
    }

    [Fact]
    public async Task DeleteVersionAsync_UnknownVersion_NotFoundAndNothingChanges()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var kept = await PutAsync(bucket, "k", Segment());

        var outcome = await Store.DeleteVersionAsync(bucket, "k", VersionIds.New(), false, Now(), None);

        Assert.Equal(CommitStatus.NotFound, outcome.Status);
        Assert.Equal(kept.VersionId, (await Store.GetLatestAsync(bucket, "k", None))!.VersionId);
    }

    [Fact]
    public async Task CommitVersionAsync_InSuspendedBucket_ReplacesOnlyTheNullVersion()
    {
        var bucket = await CreateBucketAsync();
        var original = await PutAsync(bucket, "k", Segment());
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var versioned = await PutAsync(bucket, "k", Segment());
        await SetVersioningAsync(bucket, BucketVersioning.Suspended);

        var outcome = await Store.CommitVersionAsync(Version(bucket, "k", Segment()), WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(VersionIds.Null, original.VersionId);
        Assert.Equal(VersionIds.Null, outcome.Stored!.VersionId);
        Assert.Equal([original.Segments[0].Blob], outcome.ReleasedBlobs);
        Assert.Equal(outcome.Stored.ETag, (await Store.GetLatestAsync(bucket, "k", None))!.ETag);
        Assert.NotNull(await Store.GetVersionAsync(bucket, "k", versioned.VersionId, None));
    }

    [Fact]
    public async Task DeleteCurrentAsync_InSuspendedBucket_ReplacesTheNullVersionWithANullMarker()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var versioned = await PutAsync(bucket, "k", Segment());
        await SetVersioningAsync(bucket, BucketVersioning.Suspended);
        var nullVersion = await PutAsync(bucket, "k", Segment());

        var outcome = await Store.DeleteCurrentAsync(bucket, "k", WriteCondition.None, None);

        Assert.Equal([nullVersion.Segments[0].Blob], outcome.ReleasedBlobs);
        var latest = await Store.GetLatestAsync(bucket, "k", None);
        Assert.True(latest!.IsDeleteMarker);
        Assert.Equal(VersionIds.Null, latest.VersionId);
        Assert.NotNull(await Store.GetVersionAsync(bucket, "k", versioned.VersionId, None));
    }

    [Fact]
    public async Task CommitVersionAsync_WithDefaultRetention_RetainsFromTheWrite()
    {
        var bucket = await CreateLockedBucketAsync(DefaultRetention.ForDays(RetentionMode.Compliance, 3));
        var version = Version(bucket, "k", Segment());

        var outcome = await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        var stored = await Store.GetLatestAsync(bucket, "k", None);
        Assert.Equal(new ObjectRetention(RetentionMode.Compliance, version.LastModified.AddDays(3)), stored!.Attributes.Retention);
        Assert.Equal(stored.Attributes.Retention, outcome.Stored!.Attributes.Retention);
    }

    [Fact]
    public async Task CommitVersionAsync_RetentionInBucketWithoutLock_RefusedAndNothingStored()
    {
        var bucket = await CreateBucketAsync();
        var version = Version(bucket, "k", Segment()) with
        {
            Attributes = ObjectAttributes.Default with { Retention = new ObjectRetention(RetentionMode.Governance, Now().AddDays(1)) },
        };

        var outcome = await Store.CommitVersionAsync(version, WriteCondition.None, BlobOrigin.NewlyWritten, None);

        Assert.Equal(CommitStatus.ObjectLockNotEnabled, outcome.Status);
        Assert.Null(await Store.GetLatestAsync(bucket, "k", None));
    }

    [Theory]
    [InlineData(RetentionMode.Compliance, false, false, CommitStatus.ObjectLocked)]
    [InlineData(RetentionMode.Compliance, true, false, CommitStatus.ObjectLocked)]
    [InlineData(RetentionMode.Governance, false, false, CommitStatus.ObjectLocked)]
    [InlineData(RetentionMode.Governance, true, false, CommitStatus.Committed)]
    [InlineData(RetentionMode.Governance, true, true, CommitStatus.ObjectLocked)]
    public async Task DeleteVersionAsync_UnderRetention_OnlyABypassedGovernanceWithoutLegalHoldGivesWay(
        RetentionMode mode, bool bypass, bool legalHold, CommitStatus expected)
    {
        var bucket = await CreateLockedBucketAsync();
        var locked = Version(bucket, "k", Segment()) with
        {
            Attributes = ObjectAttributes.Default with
            {
                Retention = new ObjectRetention(mode, Now().AddDays(1)),
                LegalHold = legalHold ? LegalHoldStatus.On : LegalHoldStatus.Off,
            },
        };
        var stored = (await Store.CommitVersionAsync(locked, WriteCondition.None, BlobOrigin.NewlyWritten, None)).Stored!;

        var outcome = await Store.DeleteVersionAsync(bucket, "k", stored.VersionId, bypass, Now(), None);

        Assert.Equal(expected, outcome.Status);
        Assert.Equal(expected != CommitStatus.Committed, await Store.GetVersionAsync(bucket, "k", stored.VersionId, None) is not null);
    }

    [Fact]
    public async Task DeleteVersionAsync_RetentionEnded_Removes()
    {
        var bucket = await CreateLockedBucketAsync();
        var expired = Version(bucket, "k", Segment()) with
        {
            Attributes = ObjectAttributes.Default with { Retention = new ObjectRetention(RetentionMode.Compliance, Now().AddSeconds(-1)) },
        };
        var stored = (await Store.CommitVersionAsync(expired, WriteCondition.None, BlobOrigin.NewlyWritten, None)).Stored!;

        var outcome = await Store.DeleteVersionAsync(bucket, "k", stored.VersionId, false, Now(), None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
    }

    [Fact]
    public async Task DeleteCurrentAsync_OnALockedVersion_AddsAMarkerAndKeepsIt()
    {
        var bucket = await CreateLockedBucketAsync(DefaultRetention.ForDays(RetentionMode.Compliance, 1));
        var locked = await PutAsync(bucket, "k", Segment());

        var outcome = await Store.DeleteCurrentAsync(bucket, "k", WriteCondition.None, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.True(outcome.Stored!.IsDeleteMarker);
        Assert.NotNull(await Store.GetVersionAsync(bucket, "k", locked.VersionId, None));
    }

    [Fact]
    public async Task CompleteUploadAsync_InEnabledBucket_KeepsTheOlderVersion()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        var older = await PutAsync(bucket, "k", Segment());
        var upload = new UploadInfo { Bucket = bucket, Key = "k", UploadId = UploadIds.New(Now()), Initiated = Now() };
        Assert.Equal(CommitStatus.Committed, await Store.CreateUploadAsync(upload, None));
        var part = new PartInfo { PartNumber = 1, Blob = BlobId.New(), Size = 10, ETag = "\"e\"", LastModified = Now() };
        Assert.Equal(CommitStatus.Committed, (await Store.PutPartAsync(bucket, "k", upload.UploadId, part, None)).Status);

        var outcome = await Store.CompleteUploadAsync(
            upload, [new SelectedPart(1, part.Blob)], Version(bucket, "k", new BlobSegment(part.Blob, 10)), WriteCondition.None, None);

        Assert.Equal(CommitStatus.Committed, outcome.Status);
        Assert.Empty(outcome.ReleasedBlobs);
        Assert.NotEqual(older.VersionId, outcome.Stored!.VersionId);
        Assert.NotNull(await Store.GetVersionAsync(bucket, "k", older.VersionId, None));
    }

    [Fact]
    public async Task RewindKeyAsync_KeyChangedSince_RestoresTheOldContentAsANewVersionSharingItsBlobs()
    {
        var (bucket, instant) = await BucketWithHistoryAsync();
        var old = await CommitAtAsync(bucket, "changed", instant.AddMinutes(-5));
        var newer = await CommitAtAsync(bucket, "changed", instant.AddMinutes(5));

        var outcome = await Store.RewindKeyAsync(bucket, "changed", instant, "root", Now(), dryRun: false, None);

        var restored = outcome.Stored!;
        Assert.False(restored.IsDeleteMarker);
        Assert.Equal(old.ETag, restored.ETag);
        Assert.Equal(old.Segments.Select(s => s.Blob), restored.Segments.Select(s => s.Blob));
        Assert.Empty(outcome.ReleasedBlobs);
        Assert.Equal(restored.VersionId, (await Store.GetLatestAsync(bucket, "changed", None))!.VersionId);
        Assert.NotNull(await Store.GetVersionAsync(bucket, "changed", newer.VersionId, None));
        Assert.NotNull(await Store.GetVersionAsync(bucket, "changed", old.VersionId, None));
    }

    [Fact]
    public async Task RewindKeyAsync_KeyCreatedSince_HidesItBehindADeleteMarker()
    {
        var (bucket, instant) = await BucketWithHistoryAsync();
        var created = await CommitAtAsync(bucket, "new", instant.AddMinutes(1));

        var outcome = await Store.RewindKeyAsync(bucket, "new", instant, "root", Now(), dryRun: false, None);

        Assert.True(outcome.Stored!.IsDeleteMarker);
        Assert.True((await Store.GetLatestAsync(bucket, "new", None))!.IsDeleteMarker);
        Assert.NotNull(await Store.GetVersionAsync(bucket, "new", created.VersionId, None));
    }

    [Fact]
    public async Task RewindKeyAsync_KeyDeletedSince_BringsItBack()
    {
        var (bucket, instant) = await BucketWithHistoryAsync();
        var kept = await CommitAtAsync(bucket, "deleted", instant.AddMinutes(-1));
        await Store.DeleteCurrentAsync(bucket, "deleted", WriteCondition.None, "root", instant.AddMinutes(1), None);

        await Store.RewindKeyAsync(bucket, "deleted", instant, "root", Now(), dryRun: false, None);

        var current = await Store.GetLatestAsync(bucket, "deleted", None);
        Assert.False(current!.IsDeleteMarker);
        Assert.Equal(kept.ETag, current.ETag);
    }

    [Fact]
    public async Task RewindKeyAsync_RunTwice_ChangesNothingTheSecondTime()
    {
        var (bucket, instant) = await BucketWithHistoryAsync();
        await CommitAtAsync(bucket, "k", instant.AddMinutes(-1));
        await CommitAtAsync(bucket, "k", instant.AddMinutes(1));
        await CommitAtAsync(bucket, "gone-later", instant.AddMinutes(1));
        await Store.RewindKeyAsync(bucket, "k", instant, "root", Now(), dryRun: false, None);
        await Store.RewindKeyAsync(bucket, "gone-later", instant, "root", Now(), dryRun: false, None);
        var current = (await Store.GetLatestAsync(bucket, "k", None))!.VersionId;

        var again = await Store.RewindKeyAsync(bucket, "k", instant, "root", Now(), dryRun: false, None);
        var againHidden = await Store.RewindKeyAsync(bucket, "gone-later", instant, "root", Now(), dryRun: false, None);

        Assert.Null(again.Stored);
        Assert.Null(againHidden.Stored);
        Assert.Equal(current, (await Store.GetLatestAsync(bucket, "k", None))!.VersionId);
    }

    [Fact]
    public async Task RewindKeyAsync_DryRun_SaysWhatItWouldDoAndChangesNothing()
    {
        var (bucket, instant) = await BucketWithHistoryAsync();
        await CommitAtAsync(bucket, "k", instant.AddMinutes(-1));
        var current = await CommitAtAsync(bucket, "k", instant.AddMinutes(1));

        var outcome = await Store.RewindKeyAsync(bucket, "k", instant, "root", Now(), dryRun: true, None);

        Assert.NotNull(outcome.Stored);
        Assert.Equal(current.VersionId, (await Store.GetLatestAsync(bucket, "k", None))!.VersionId);
        Assert.Null(await Store.GetVersionAsync(bucket, "k", outcome.Stored.VersionId, None));
    }

    [Fact]
    public async Task RewindKeyAsync_InAnUnversionedBucket_IsRefusedAndChangesNothing()
    {
        var bucket = await CreateBucketAsync();
        var kept = await PutAsync(bucket, "k", Segment());

        var error = await Assert.ThrowsAsync<Errors.EngineException>(() => Store.RewindKeyAsync(bucket, "k", Now().AddDays(-1), "root", Now(), dryRun: false, None));

        Assert.Equal(Errors.EngineError.InvalidBucketState, error.Code);
        Assert.Equal(kept.ETag, (await Store.GetLatestAsync(bucket, "k", None))!.ETag);
    }

    private async Task<(string Bucket, DateTimeOffset Instant)> BucketWithHistoryAsync()
    {
        var bucket = await CreateBucketAsync();
        await SetVersioningAsync(bucket, BucketVersioning.Enabled);
        return (bucket, Now().AddHours(-1));
    }

    private async Task<ObjectInfo> CommitAtAsync(string bucket, string key, DateTimeOffset lastModified)
    {
        var outcome = await Store.CommitVersionAsync(
            Version(bucket, key, Segment()) with { LastModified = lastModified }, WriteCondition.None, BlobOrigin.NewlyWritten, None);
        Assert.Equal(CommitStatus.Committed, outcome.Status);
        return outcome.Stored!;
    }

    [Theory]
    [InlineData(RetentionMode.Compliance, RetentionMode.Compliance, 5, false, CommitStatus.Committed)]
    [InlineData(RetentionMode.Compliance, RetentionMode.Compliance, 1, true, CommitStatus.ObjectLocked)]
    [InlineData(RetentionMode.Compliance, RetentionMode.Governance, 5, true, CommitStatus.ObjectLocked)]
    [InlineData(RetentionMode.Governance, RetentionMode.Governance, 1, false, CommitStatus.ObjectLocked)]
    [InlineData(RetentionMode.Governance, RetentionMode.Governance, 1, true, CommitStatus.Committed)]
    [InlineData(RetentionMode.Governance, RetentionMode.Compliance, 3, false, CommitStatus.ObjectLocked)]
    [InlineData(RetentionMode.Governance, RetentionMode.Compliance, 3, true, CommitStatus.Committed)]
    public async Task SetVersionRetentionAsync_OverARetentionOfThreeDays_OnlyLengthensUnlessGovernanceIsBypassed(
        RetentionMode current, RetentionMode proposed, int days, bool bypass, CommitStatus expected)
    {
        var bucket = await CreateLockedBucketAsync();
        var was = new ObjectRetention(current, Now().AddDays(3));
        var stored = (await Store.CommitVersionAsync(
            Version(bucket, "k", Segment()) with { Attributes = ObjectAttributes.Default with { Retention = was } },
            WriteCondition.None, BlobOrigin.NewlyWritten, None)).Stored!;
        var wanted = new ObjectRetention(proposed, Now().AddDays(days));

        var status = await Store.SetVersionRetentionAsync(bucket, "k", stored.VersionId, wanted, bypass, Now(), None);

        Assert.Equal(expected, status);
        var after = (await Store.GetVersionAsync(bucket, "k", stored.VersionId, None))!.Attributes.Retention;
        Assert.Equal(expected == CommitStatus.Committed ? wanted : was, after);
    }

    [Fact]
    public async Task SetVersionRetentionAsync_InBucketWithoutLock_IsObjectLockNotEnabled()
    {
        var bucket = await CreateBucketAsync();
        var stored = await PutAsync(bucket, "k", Segment());

        var status = await Store.SetVersionRetentionAsync(
            bucket, "k", stored.VersionId, new ObjectRetention(RetentionMode.Governance, Now().AddDays(1)), false, Now(), None);

        Assert.Equal(CommitStatus.ObjectLockNotEnabled, status);
        Assert.Null((await Store.GetVersionAsync(bucket, "k", stored.VersionId, None))!.Attributes.Retention);
    }

    [Fact]
    public async Task SetVersionLegalHoldAsync_OnThenOff_BlocksTheDeleteOnlyWhileOn()
    {
        var bucket = await CreateLockedBucketAsync();
        var stored = await PutAsync(bucket, "k", Segment());

        Assert.Equal(CommitStatus.Committed, await Store.SetVersionLegalHoldAsync(bucket, "k", stored.VersionId, LegalHoldStatus.On, None));
        Assert.Equal(LegalHoldStatus.On, (await Store.GetVersionAsync(bucket, "k", stored.VersionId, None))!.Attributes.LegalHold);
        Assert.Equal(CommitStatus.ObjectLocked, (await Store.DeleteVersionAsync(bucket, "k", stored.VersionId, true, Now(), None)).Status);

        Assert.Equal(CommitStatus.Committed, await Store.SetVersionLegalHoldAsync(bucket, "k", stored.VersionId, LegalHoldStatus.Off, None));
        Assert.Equal(CommitStatus.Committed, (await Store.DeleteVersionAsync(bucket, "k", stored.VersionId, false, Now(), None)).Status);
    }

    [Fact]
    public async Task SetVersionLegalHoldAsync_OnADeleteMarker_IsNotFound()
    {
        var bucket = await CreateLockedBucketAsync();
        await PutAsync(bucket, "k", Segment());
        var marker = (await Store.DeleteCurrentAsync(bucket, "k", WriteCondition.None, None)).Stored!;

        Assert.Equal(CommitStatus.NotFound, await Store.SetVersionLegalHoldAsync(bucket, "k", marker.VersionId, LegalHoldStatus.On, None));
        Assert.Equal(
            CommitStatus.NotFound,
            await Store.SetVersionRetentionAsync(bucket, "k", marker.VersionId, new ObjectRetention(RetentionMode.Governance, Now().AddDays(1)), false, Now(), None));
    }
}
