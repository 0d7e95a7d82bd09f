using Coffer.Engine.Lifecycle;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Model;
using Coffer.Engine.Multipart;

namespace Coffer.Engine.Tests.Lifecycle;

public sealed class LifecycleWorkerTests : IDisposable
{
    private readonly LifecycleScenario _scenario = new();

    private EngineUnderTest Engine => _scenario.Engine;

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public async Task Expiration_UnversionedBucket_RemovesDueObjectsUnderThePrefixOnly()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Filter = new LifecycleFilter { Prefix = "logs/", Shape = LifecycleFilterShape.Prefix },
            Expiration = new LifecycleExpiration { Days = 1 },
        });
        await Engine.PutAsync("logs/old", [1]);
        await Engine.PutAsync("keep/old", [2]);
        _scenario.AdvanceDays(1);
        await Engine.PutAsync("logs/new", [3]);

        // Written at noon: one day later rounds up to the second midnight.
        _scenario.AdvanceDays(0.5);
        var counts = await _scenario.RunAsync();

        Assert.Equal(1, counts[LifecycleAction.Expired]);
        Assert.Equal(["keep/old", "logs/new"], await _scenario.LiveKeysAsync());
        Assert.Equal(2, (await _scenario.VersionsAsync()).Count);
    }

    [Fact]
    public async Task Expiration_NotYetDue_ChangesNothing()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Expiration = new LifecycleExpiration { Days = 1 } });
        await Engine.PutAsync("k", [1]);
        _scenario.AdvanceDays(1);

        var counts = await _scenario.RunAsync();

        Assert.False(counts.AnyAction);
        Assert.Equal(["k"], await _scenario.LiveKeysAsync());
    }

    [Fact]
    public async Task Expiration_VersionedBucket_PlacesADeleteMarkerAndKeepsTheVersion()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Expiration = new LifecycleExpiration { Days = 1 } });
        var put = await Engine.PutAsync("k", [1]);
        _scenario.AdvanceDays(2);

        var counts = await _scenario.RunAsync();

        Assert.Equal(1, counts[LifecycleAction.Expired]);
        var versions = await _scenario.VersionsAsync();
        Assert.Equal(2, versions.Count);
        Assert.True(versions[0] is { IsLatest: true, IsDeleteMarker: true });
        Assert.Equal(put.VersionId, versions[1].VersionId);
        Assert.False(versions[1].IsLatest);
    }

    [Fact]
    public async Task Expiration_Date_ExpiresOnlyOnceTheDateHasCome()
    {
        var date = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Expiration = new LifecycleExpiration { Date = date } });
        await Engine.PutAsync("k", [1]);

        _scenario.AdvanceDays(3);
        var before = await _scenario.RunAsync();
        _scenario.AdvanceDays(1);
        var after = await _scenario.RunAsync();

        Assert.Equal(0, before[LifecycleAction.Expired]);
        Assert.Equal(1, after[LifecycleAction.Expired]);
        Assert.Empty(await _scenario.LiveKeysAsync());
    }

    [Fact]
    public async Task NoncurrentExpiration_KeepsTheNewestNoncurrentVersionsAsked()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { NoncurrentVersionExpiration = new NoncurrentVersionExpiration(1, 2) });
        var written = new List<ObjectInfo>();
        for (var i = 0; i < 5; i++)
        {
            written.Add(await Engine.PutAsync("k", [(byte)i]));
        }

        _scenario.AdvanceDays(2);
        var counts = await _scenario.RunAsync();

        Assert.Equal(2, counts[LifecycleAction.NoncurrentRemoved]);
        Assert.Equal(
            written.Skip(2).Reverse().Select(v => v.VersionId),
            (await _scenario.VersionsAsync()).Select(v => v.VersionId));
    }

    [Fact]
    public async Task NoncurrentExpiration_CountsDaysFromWhenTheSuccessorWasWritten()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { NoncurrentVersionExpiration = new NoncurrentVersionExpiration(2, null) });
        await Engine.PutAsync("k", [1]);
        _scenario.AdvanceDays(10);
        var current = await Engine.PutAsync("k", [2]);

        // Old as the first version is, it has been noncurrent for one day only.
        _scenario.AdvanceDays(1);
        var early = await _scenario.RunAsync();
        _scenario.AdvanceDays(2);
        var due = await _scenario.RunAsync();

        Assert.Equal(0, early[LifecycleAction.NoncurrentRemoved]);
        Assert.Equal(1, due[LifecycleAction.NoncurrentRemoved]);
        Assert.Equal([current.VersionId], (await _scenario.VersionsAsync()).Select(v => v.VersionId));
    }

    [Fact]
    public async Task NoncurrentExpiration_ManyVersionsOfOneKeyAcrossBatches_KeepsExactlyTheNewest()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { NoncurrentVersionExpiration = new NoncurrentVersionExpiration(1, 3) });
        var count = LifecycleWorker.BatchSize + (LifecycleWorker.BatchSize / 2);
        var written = new List<ObjectInfo>();
        for (var i = 0; i < count; i++)
        {
            written.Add(await Engine.PutAsync("k", [(byte)i]));
        }

        await Engine.PutAsync("later", [1]);
        _scenario.AdvanceDays(2);

        var counts = await _scenario.RunAsync();

        Assert.Equal(count - 4, counts[LifecycleAction.NoncurrentRemoved]);
        var left = await _scenario.VersionsAsync();
        Assert.Equal(written.TakeLast(4).Reverse().Select(v => v.VersionId), left.Where(v => v.Key == "k").Select(v => v.VersionId));
        Assert.Contains("later", left.Select(v => v.Key));
    }

    [Fact]
    public async Task ExpiredObjectDeleteMarker_RemovesALoneMarkerAndKeepsOneThatHidesVersions()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Expiration = new LifecycleExpiration { ExpiredObjectDeleteMarker = true } });
        var lone = await Engine.PutAsync("lone", [1]);
        await Engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("lone"), WriteConditionNone, CancellationToken.None);
        await Engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("lone"), VersionId.TryParse(lone.VersionId, out var id) ? id : null, WriteConditionNone, CancellationToken.None);
        await Engine.PutAsync("hidden", [2]);
        await Engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("hidden"), WriteConditionNone, CancellationToken.None);

        var counts = await _scenario.RunAsync();

        Assert.Equal(1, counts[LifecycleAction.DeleteMarkerRemoved]);
        var versions = await _scenario.VersionsAsync();
        Assert.DoesNotContain("lone", versions.Select(v => v.Key));
        Assert.Equal(2, versions.Count(v => v.Key == "hidden"));
    }

    [Fact]
    public async Task ExpirationDays_RemovesALoneDeleteMarkerOnceItIsThatOld()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Expiration = new LifecycleExpiration { Days = 3 },
            NoncurrentVersionExpiration = new NoncurrentVersionExpiration(1, null),
        });
        await Engine.PutAsync("k", [1]);
        await Engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), WriteConditionNone, CancellationToken.None);

        // Day 2: the version under the marker goes; the marker, alone now, is not three days old.
        _scenario.AdvanceDays(2);
        var first = await _scenario.RunAsync();
        var afterFirst = await _scenario.VersionsAsync();
        _scenario.AdvanceDays(2);
        var second = await _scenario.RunAsync();

        Assert.Equal(1, first[LifecycleAction.NoncurrentRemoved]);
        Assert.True(Assert.Single(afterFirst).IsDeleteMarker);
        Assert.Equal(1, second[LifecycleAction.DeleteMarkerRemoved]);
        Assert.Empty(await _scenario.VersionsAsync());
    }

    [Fact]
    public async Task AbortIncompleteUploads_ByTheRuleUnderItsPrefixAndByTheDefaultElsewhere()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Filter = new LifecycleFilter { Prefix = "tmp/", Shape = LifecycleFilterShape.Prefix },
            AbortIncompleteMultipartUploadDays = 1,
        }, LifecycleScenario.Rule("slow") with
        {
            Filter = new LifecycleFilter { Prefix = "slow/", Shape = LifecycleFilterShape.Prefix },
            AbortIncompleteMultipartUploadDays = 30,
        });
        var tmp = await CreateUploadAsync("tmp/a");
        var other = await CreateUploadAsync("other/a");
        var slow = await CreateUploadAsync("slow/a");

        _scenario.AdvanceDays(2);
        var early = await _scenario.RunAsync();
        _scenario.AdvanceDays(7);
        var late = await _scenario.RunAsync();

        Assert.Equal(1, early[LifecycleAction.UploadAborted]);
        Assert.Null(await Engine.Metadata.GetUploadAsync("bucket", "tmp/a", tmp.UploadId, CancellationToken.None));
        Assert.Equal(1, late[LifecycleAction.UploadAborted]);
        Assert.Null(await Engine.Metadata.GetUploadAsync("bucket", "other/a", other.UploadId, CancellationToken.None));
        Assert.NotNull(await Engine.Metadata.GetUploadAsync("bucket", "slow/a", slow.UploadId, CancellationToken.None));
        Assert.Empty(Engine.Blobs.Committed);
    }

    [Fact]
    public async Task DefaultAbortRule_BucketWithoutConfiguration_AbortsUploadsAfterSevenDays()
    {
        var upload = await CreateUploadAsync("k");

        _scenario.AdvanceDays(6);
        var early = await _scenario.RunAsync();
        _scenario.AdvanceDays(2);
        var due = await _scenario.RunAsync();

        Assert.Equal(0, early[LifecycleAction.UploadAborted]);
        Assert.Equal(1, due[LifecycleAction.UploadAborted]);
        Assert.Null(await Engine.Metadata.GetUploadAsync("bucket", "k", upload.UploadId, CancellationToken.None));
        Assert.Empty(Engine.Blobs.Committed);
    }

    [Fact]
    public async Task TagFilter_ExpiresOnlyObjectsCarryingEveryTag()
    {
        var wanted = new Tag("class", "temp");
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Filter = new LifecycleFilter { Tags = [wanted], Shape = LifecycleFilterShape.Tag },
            Expiration = new LifecycleExpiration { Days = 1 },
        });
        await PutTaggedAsync("tagged", wanted, new Tag("other", "x"));
        await PutTaggedAsync("untagged");
        await PutTaggedAsync("other-value", new Tag("class", "keep"));
        _scenario.AdvanceDays(2);

        await _scenario.RunAsync();

        Assert.Equal(["other-value", "untagged"], await _scenario.LiveKeysAsync());
    }

    [Fact]
    public async Task SizeFilter_ExpiresOnlyObjectsStrictlyWithinTheBounds()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Filter = new LifecycleFilter { ObjectSizeGreaterThan = 2, ObjectSizeLessThan = 5, Shape = LifecycleFilterShape.And },
            Expiration = new LifecycleExpiration { Days = 1 },
        });
        await Engine.PutAsync("2", new byte[2]);
        await Engine.PutAsync("3", new byte[3]);
        await Engine.PutAsync("4", new byte[4]);
        await Engine.PutAsync("5", new byte[5]);
        _scenario.AdvanceDays(2);

        await _scenario.RunAsync();

        Assert.Equal(["2", "5"], await _scenario.LiveKeysAsync());
    }

    [Fact]
    public async Task DisabledRule_DoesNothing()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Enabled = false,
            Expiration = new LifecycleExpiration { Days = 1 },
            NoncurrentVersionExpiration = new NoncurrentVersionExpiration(1, null),
            Transitions = [new LifecycleTransition(1, null, "GLACIER")],
        });
        await Engine.PutAsync("k", new byte[200_000]);
        await Engine.PutAsync("k", new byte[200_000]);
        _scenario.AdvanceDays(5);

        var counts = await _scenario.RunAsync();

        Assert.False(counts.AnyAction);
        Assert.Equal(2, (await _scenario.VersionsAsync()).Count);
        Assert.Empty(_scenario.Transitions.Calls);
    }

    [Fact]
    public async Task ObjectLock_RetainedAndHeldVersionsSurviveAndAreCounted()
    {
        await Engine.LockBucketAsync(defaultRetention: null);
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Expiration = new LifecycleExpiration { Days = 1 },
            NoncurrentVersionExpiration = new NoncurrentVersionExpiration(1, null),
        });
        var retainUntil = Engine.Clock.GetUtcNow().AddDays(30);
        var retained = await Engine.PutAsync("retained", [1], r => r with
        {
            ContentMd5 = System.Security.Cryptography.MD5.HashData(new byte[] { 1 }),
            Attributes = r.Attributes with { Retention = new ObjectRetention(RetentionMode.Governance, retainUntil) },
        });
        await Engine.PutAsync("retained", [2]);
        var held = await Engine.PutAsync("held", [3], r => r with
        {
            ContentMd5 = System.Security.Cryptography.MD5.HashData(new byte[] { 3 }),
            Attributes = r.Attributes with { LegalHold = LegalHoldStatus.On },
        });
        _scenario.AdvanceDays(2);

        // The current versions get delete markers (allowed above a locked version); the next pass would remove them.
        await _scenario.RunAsync();
        _scenario.AdvanceDays(2);
        var counts = await _scenario.RunAsync();

        Assert.True(counts[LifecycleAction.SkippedForLock] >= 2);
        var left = (await _scenario.VersionsAsync()).Where(v => !v.IsDeleteMarker).Select(v => v.VersionId).ToList();
        Assert.Contains(retained.VersionId, left);
        Assert.Contains(held.VersionId, left);
        Assert.Empty(await _scenario.LiveKeysAsync());
    }

    [Fact]
    public async Task Transition_CallsThePortWithTheLatestDueClassOnlyWhenDueAndBigEnough()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with
        {
            Transitions = [new LifecycleTransition(1, null, "STANDARD_IA"), new LifecycleTransition(3, null, "GLACIER"), new LifecycleTransition(30, null, "DEEP_ARCHIVE")],
        });
        var big = await Engine.PutAsync("big", new byte[TransitionRules.DefaultMinimumSize]);
        await Engine.PutAsync("small", new byte[TransitionRules.DefaultMinimumSize - 1]);

        var notDue = await _scenario.RunAsync();
        _scenario.AdvanceDays(5);
        var due = await _scenario.RunAsync();

        Assert.Equal(0, notDue[LifecycleAction.Transitioned]);
        Assert.Equal(1, due[LifecycleAction.Transitioned]);
        Assert.Equal([("big", big.VersionId, big.ETag, "GLACIER")], _scenario.Transitions.Calls);
    }

    [Fact]
    public async Task Transition_SmallObjectGoesToArchiveWhenTheConfigurationVariesByClass()
    {
        await _scenario.ConfigureAsync(new LifecycleConfiguration
        {
            TransitionMinimumSize = TransitionMinimumSize.VariesByStorageClass,
            Rules =
            [
                LifecycleScenario.Rule("archive") with { Filter = new LifecycleFilter { Prefix = "a/", Shape = LifecycleFilterShape.Prefix }, Transitions = [new LifecycleTransition(1, null, "GLACIER")] },
                LifecycleScenario.Rule("ia") with { Filter = new LifecycleFilter { Prefix = "b/", Shape = LifecycleFilterShape.Prefix }, Transitions = [new LifecycleTransition(1, null, "STANDARD_IA")] },
                LifecycleScenario.Rule("sized") with { Filter = new LifecycleFilter { Prefix = "c/", ObjectSizeGreaterThan = 1, Shape = LifecycleFilterShape.And }, Transitions = [new LifecycleTransition(1, null, "STANDARD_IA")] },
            ],
        });
        await Engine.PutAsync("a/small", [1, 2]);
        await Engine.PutAsync("b/small", [1, 2]);
        await Engine.PutAsync("c/small", [1, 2]);
        _scenario.AdvanceDays(2);

        await _scenario.RunAsync();

        Assert.Equal(["a/small", "c/small"], _scenario.Transitions.Calls.Select(c => c.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Transition_NeverMovesAVersionBackUpTheWaterfall()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Transitions = [new LifecycleTransition(1, null, "STANDARD_IA")] });
        await Engine.PutAsync("k", new byte[TransitionRules.DefaultMinimumSize], r => r with { Attributes = r.Attributes with { StorageClass = "GLACIER_IR" } });
        _scenario.AdvanceDays(2);

        await _scenario.RunAsync();

        Assert.Empty(_scenario.Transitions.Calls);
    }

    [Fact]
    public async Task NoncurrentTransition_MovesNoncurrentVersionsOnceDue()
    {
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { NoncurrentVersionTransitions = [new NoncurrentVersionTransition(2, null, "STANDARD_IA")] });
        var old = await Engine.PutAsync("k", new byte[TransitionRules.DefaultMinimumSize]);
        await Engine.PutAsync("k", new byte[TransitionRules.DefaultMinimumSize]);

        _scenario.AdvanceDays(1);
        await _scenario.RunAsync();
        var early = _scenario.Transitions.Calls.Count;
        _scenario.AdvanceDays(2);
        await _scenario.RunAsync();

        Assert.Equal(0, early);
        Assert.Equal([("k", old.VersionId, old.ETag, "STANDARD_IA")], _scenario.Transitions.Calls);
    }

    [Fact]
    public async Task Transition_WithoutThePort_IsCountedAsUnavailable()
    {
        using var scenario = new LifecycleScenario(withTransitions: false);
        await scenario.ConfigureAsync(LifecycleScenario.Rule() with { Transitions = [new LifecycleTransition(1, null, "GLACIER")] });
        await scenario.Engine.PutAsync("k", new byte[TransitionRules.DefaultMinimumSize]);
        scenario.AdvanceDays(2);

        var counts = await scenario.RunAsync();

        Assert.Equal(1, counts[LifecycleAction.TransitionUnavailable]);
        Assert.Equal(0, counts[LifecycleAction.Transitioned]);
    }

    [Fact]
    public async Task SecondPass_SameDay_DoesNothing()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Expiration = new LifecycleExpiration { Days = 1 } });
        await Engine.PutAsync("k", [1]);
        _scenario.AdvanceDays(2);

        var first = await _scenario.RunAsync(startOver: false);
        var again = await _scenario.RunAsync(startOver: false);
        var forced = await _scenario.RunAsync(startOver: true);

        Assert.Equal(1, first[LifecycleAction.Expired]);
        Assert.Equal(0, again.Examined);
        Assert.False(forced.AnyAction);
    }

    [Fact]
    public async Task InterruptedPass_RunAgain_GoesOnWhereItStopped()
    {
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Expiration = new LifecycleExpiration { Days = 1 } });
        var count = (LifecycleWorker.BatchSize * 2) + 10;
        for (var i = 0; i < count; i++)
        {
            await Engine.PutAsync($"k{i:D5}", [1]);
        }

        _scenario.AdvanceDays(2);
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _scenario.Worker.RunBucketAsync(EngineUnderTest.Bucket, startOver: false, _ => stop.Cancel(), stop.Token));
        var afterInterruption = (await _scenario.LiveKeysAsync()).Count;

        var rest = await _scenario.RunAsync(startOver: false);

        Assert.Equal(count - LifecycleWorker.BatchSize, afterInterruption);
        Assert.Equal(count - LifecycleWorker.BatchSize, rest[LifecycleAction.Expired]);
        Assert.Equal(count - LifecycleWorker.BatchSize, rest.Examined);
        Assert.Empty(await _scenario.LiveKeysAsync());
    }

    [Fact]
    public async Task PassLongerThanADay_GoesOnToItsEndInsteadOfStartingOver()
    {
        using var worker = new LifecycleWorker(
            Engine.Metadata, new BlobReleaser(Engine.Metadata, Engine.Blobs), new LifecycleDay(TimeSpan.FromSeconds(1)), Engine.Clock);
        await _scenario.EnableVersioningAsync();
        await _scenario.ConfigureAsync(LifecycleScenario.Rule() with { Expiration = new LifecycleExpiration { Days = 1 } });
        var count = (LifecycleWorker.BatchSize * 2) + 5;
        for (var i = 0; i < count; i++)
        {
            await Engine.PutAsync($"k{i:D5}", [1]);
        }

        // Each batch takes longer than a (one-second) day; a pass that started over at each would never get past the first keys.
        Engine.Clock.Advance(TimeSpan.FromSeconds(2));
        var batches = 0;
        using var runaway = new CancellationTokenSource();
        var counts = await worker.RunBucketAsync(EngineUnderTest.Bucket, startOver: false, _ =>
        {
            Engine.Clock.Advance(TimeSpan.FromSeconds(3));
            if (++batches > 20)
            {
                runaway.Cancel();
            }
        }, runaway.Token);

        Assert.Equal(count, counts[LifecycleAction.Expired]);
        Assert.Empty(await _scenario.LiveKeysAsync());
    }

    private static readonly Ports.WriteCondition WriteConditionNone = Ports.WriteCondition.None;

    private Task<ObjectInfo> PutTaggedAsync(string key, params Tag[] tags) =>
        Engine.PutAsync(key, [1], r => r with { Attributes = r.Attributes with { Tags = TagSet.FromStored(tags) } });

    private async Task<UploadInfo> CreateUploadAsync(string key)
    {
        var upload = await Engine.Multipart.CreateAsync(
            new CreateUploadRequest { Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key(key) }, CancellationToken.None);
        if (key == "tmp/a")
        {
            await Engine.Multipart.UploadPartAsync(
                new UploadPartRequest { Target = new PartTarget(EngineUnderTest.Bucket, EngineUnderTest.Key(key), upload.UploadId, 1) },
                new MemoryStream([1, 2, 3]),
                CancellationToken.None);
        }

        return upload;
    }
}
