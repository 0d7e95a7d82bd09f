using System.Security.Cryptography;
using System.Text;

using Coffer.Engine.Errors;
using Coffer.Engine.Model;
using Coffer.Engine.Objects;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Tests.Objects;

public class ObjectEngineTests
{
    /// <summary>A well-formed id that names no stored version.</summary>
    private static readonly VersionId AnotherVersion = VersionId.TryParse("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH", out var id) ? id.Value : throw new InvalidOperationException();

    private readonly EngineUnderTest _engine = new();

    [Fact]
    public async Task Delete_NamingAVersionThatDoesNotExist_DeletesNothing()
    {
        var stored = await _engine.PutAsync("k", [1, 2, 3]);

        await _engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), AnotherVersion, WriteCondition.None, CancellationToken.None);

        Assert.Equal(stored, await _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), CancellationToken.None));
    }

    [Fact]
    public async Task Delete_NamingTheNullVersion_DeletesIt()
    {
        await _engine.PutAsync("k", [1, 2, 3]);

        await _engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), VersionId.Null, WriteCondition.None, CancellationToken.None);

        var gone = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), CancellationToken.None));
        Assert.Equal(EngineError.NoSuchKey, gone.Code);
    }

    [Fact]
    public async Task Delete_NamingAVersionInAMissingBucket_IsNoSuchBucket()
    {
        var missing = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.DeleteAsync(
            BucketName.TryParse("no-such-bucket", out var name) ? name.Value : default, EngineUnderTest.Key("k"), AnotherVersion, WriteCondition.None, CancellationToken.None));

        Assert.Equal(EngineError.NoSuchBucket, missing.Code);
    }

    [Fact]
    public async Task Open_NamingAVersionThatDoesNotExist_IsNoSuchVersionNotTheLatest()
    {
        await _engine.PutAsync("k", [1, 2, 3]);

        var head = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), AnotherVersion, CancellationToken.None));
        var open = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.OpenAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), AnotherVersion, null, CancellationToken.None));
        var missingKey = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("gone"), VersionId.Null, CancellationToken.None));

        Assert.Equal(EngineError.NoSuchVersion, head.Code);
        Assert.Equal(EngineError.NoSuchVersion, open.Code);
        Assert.Equal(EngineError.NoSuchVersion, missingKey.Code);
    }

    [Fact]
    public async Task Put_ThenOpen_ReturnsSameBytesAndMd5ETag()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);

        var stored = await _engine.PutAsync("a/b.bin", content);

        Assert.Equal('"' + Convert.ToHexStringLower(MD5.HashData(content)) + '"', stored.ETag);
        Assert.Equal(content.Length, stored.Size);
        Assert.Equal(content, await _engine.ReadAsync("a/b.bin"));
    }

    [Fact]
    public async Task Put_EmptyBody_StoresNoBlob()
    {
        var stored = await _engine.PutAsync("empty", []);

        Assert.Empty(stored.Segments);
        Assert.Empty(_engine.Blobs.Committed);
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", stored.ETag);
        Assert.Empty(await _engine.ReadAsync("empty"));
    }

    [Fact]
    public async Task Put_WrongContentMd5_FailsWithBadDigestAndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _engine.PutAsync("k", [1, 2, 3], r => r with { ContentMd5 = MD5.HashData([9]) }));

        Assert.Equal(EngineError.BadDigest, error.Code);
        Assert.Empty(_engine.Blobs.Committed);
        Assert.Null(await _engine.Metadata.GetLatestAsync("bucket", "k", CancellationToken.None));
    }

    [Fact]
    public async Task Put_BodyShorterThanDeclared_FailsWithIncompleteBody()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _engine.PutAsync("k", [1, 2, 3], r => r with { DeclaredLength = 10 }));

        Assert.Equal(EngineError.IncompleteBody, error.Code);
        Assert.Empty(_engine.Blobs.Committed);
    }

    [Fact]
    public async Task Put_DeclaredLengthOverFiveGiB_FailsWithEntityTooLargeBeforeReading()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _engine.PutAsync("k", [1], r => r with { DeclaredLength = EngineLimits.MaxSinglePutBytes + 1 }));

        Assert.Equal(EngineError.EntityTooLarge, error.Code);
    }

    [Fact]
    public async Task Put_IntoMissingBucket_FailsWithNoSuchBucket()
    {
        var request = new PutObjectRequest { Bucket = Coffer.Engine.Model.BucketName.TryParse("nope", out var b) ? b.Value : default, Key = EngineUnderTest.Key("k") };

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.PutAsync(request, new MemoryStream([1]), CancellationToken.None));

        Assert.Equal(EngineError.NoSuchBucket, error.Code);
    }

    [Fact]
    public async Task Put_SmallBodyOfKnownLength_KeepsItInlineWithNoBlob()
    {
        await _engine.PutAsync("small", [1, 2, 3]);

        Assert.Empty(_engine.Blobs.Committed);
        Assert.NotNull(Assert.Single((await _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("small"), CancellationToken.None)).Segments).InlineContent);
        Assert.Equal([1, 2, 3], await _engine.ReadAsync("small"));
    }

    [Fact]
    public async Task Put_Overwrite_ReleasesOldBlob()
    {
        await _engine.PutAsBlobAsync("k", [1, 2, 3]);
        var oldBlob = Assert.Single(_engine.Blobs.Committed).Key;

        await _engine.PutAsync("k", [4, 5]);

        Assert.DoesNotContain(oldBlob, _engine.Blobs.Committed.Keys);
        Assert.Equal([4, 5], await _engine.ReadAsync("k"));
        Assert.Empty(await _engine.Metadata.PendingBlobDeletionsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Put_WithIfNoneMatchStarOnExistingKey_FailsWithPreconditionFailed()
    {
        await _engine.PutAsync("k", [1]);

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _engine.PutAsync("k", [2], r => r with { Condition = new WriteCondition { MustNotExist = true } }));

        Assert.Equal(EngineError.PreconditionFailed, error.Code);
        Assert.Equal([1], await _engine.ReadAsync("k"));
    }

    [Fact]
    public async Task Put_WithIfMatchOnMissingKey_FailsWithNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            _engine.PutAsync("k", [2], r => r with { Condition = new WriteCondition { ETagMustMatch = "\"abc\"" } }));

        Assert.Equal(EngineError.NoSuchKey, error.Code);
    }

    [Fact]
    public async Task Put_WithIfMatchWhoseKeyIsDeletedWhileTheBodyStreams_IsConditionalRequestConflictAndStoresNothing()
    {
        // The condition held when the write began; a delete committed before the write did, which
        // S3 answers with 409 ConditionalRequestConflict rather than 404.
        var current = await _engine.PutAsync("k", [1]);
        var request = new PutObjectRequest
        {
            Bucket = EngineUnderTest.Bucket,
            Key = EngineUnderTest.Key("k"),
            DeclaredLength = 1,
            Condition = new WriteCondition { ETagMustMatch = current.ETag },
        };
        var body = new EndCallbackStream([2], () => _engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), WriteCondition.None, CancellationToken.None));

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.PutAsync(request, body, CancellationToken.None));

        Assert.Equal(EngineError.ConditionalRequestConflict, error.Code);
        Assert.Null(await _engine.Metadata.GetLatestAsync("bucket", "k", CancellationToken.None));
        Assert.Empty(_engine.Blobs.Committed);
    }

    [Fact]
    public async Task OpenRange_AcrossContent_ReturnsExactSlice()
    {
        var content = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await _engine.PutAsync("k", content);

        Assert.Equal(content[100..350], await _engine.ReadAsync("k", 100, 250));
        Assert.Equal(content[999..], await _engine.ReadAsync("k", 999, 1));
    }

    [Fact]
    public async Task Delete_MissingKey_Succeeds()
    {
        await _engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("never"), WriteCondition.None, CancellationToken.None);
    }

    [Fact]
    public async Task Delete_ExistingKey_RemovesItAndItsBlob()
    {
        await _engine.PutAsync("k", [1, 2]);

        await _engine.Objects.DeleteAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), WriteCondition.None, CancellationToken.None);

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.ReadAsync("k"));
        Assert.Equal(EngineError.NoSuchKey, error.Code);
        Assert.Empty(_engine.Blobs.Committed);
    }

    [Fact]
    public async Task Copy_SharesBlobAndSurvivesSourceOverwrite()
    {
        var content = Encoding.UTF8.GetBytes("copy me");
        await _engine.PutAsBlobAsync("src", content);

        var copy = await _engine.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = EngineUnderTest.Bucket, SourceKey = EngineUnderTest.Key("src"), Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("dst") },
            CancellationToken.None);
        await _engine.PutAsBlobAsync("src", [0]);

        Assert.Single(copy.Copy.Segments);
        Assert.Equal(content, await _engine.ReadAsync("dst"));
        Assert.Equal(2, _engine.Blobs.Committed.Count);
    }

    [Fact]
    public async Task Copy_OfObjectWithAcl_TakesTheRequestsAclNotTheSources()
    {
        await _engine.PutAsync("src", [1], request => request with { Attributes = request.Attributes with { Acl = "source acl" } });

        var plain = await _engine.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = EngineUnderTest.Bucket, SourceKey = EngineUnderTest.Key("src"), Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("a") },
            CancellationToken.None);
        var withAcl = await _engine.Objects.CopyAsync(
            new CopyObjectRequest { SourceBucket = EngineUnderTest.Bucket, SourceKey = EngineUnderTest.Key("src"), Bucket = EngineUnderTest.Bucket, Key = EngineUnderTest.Key("b"), Acl = "copy acl" },
            CancellationToken.None);

        Assert.Null(plain.Copy.Attributes.Acl);
        Assert.Equal("copy acl", withAcl.Copy.Attributes.Acl);
        Assert.Equal("source acl", (await _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("src"), CancellationToken.None)).Attributes.Acl);
    }

    [Fact]
    public async Task SetAcl_LatestOrItsVersionId_ReplacesOnlyTheAcl()
    {
        var stored = await _engine.PutAsync("k", [1, 2], request => request with { Attributes = request.Attributes with { Acl = "first" } });

        await _engine.Objects.SetAclAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), null, "second", CancellationToken.None);
        await _engine.Objects.SetAclAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), VersionId.Null, "third", CancellationToken.None);
        var after = await _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), CancellationToken.None);

        Assert.Equal(stored with { Attributes = stored.Attributes with { Acl = "third" } }, after);
    }

    [Fact]
    public async Task SetAcl_UnknownVersionOrKey_IsNoSuchVersionOrNoSuchKey()
    {
        await _engine.PutAsync("k", [1]);

        var version = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.SetAclAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), AnotherVersion, "x", CancellationToken.None));
        var key = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.SetAclAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("missing"), null, "x", CancellationToken.None));

        Assert.Equal(EngineError.NoSuchVersion, version.Code);
        Assert.Equal(EngineError.NoSuchKey, key.Code);
    }

    [Fact]
    public async Task Copy_WhenSourceETagDiffers_FailsWithPreconditionFailed()
    {
        await _engine.PutAsync("src", [1]);
        var request = new CopyObjectRequest
        {
            SourceBucket = EngineUnderTest.Bucket,
            SourceKey = EngineUnderTest.Key("src"),
            Bucket = EngineUnderTest.Bucket,
            Key = EngineUnderTest.Key("dst"),
            SourceConditions = new ReadPreconditions { IfMatch = "\"0000\"" },
        };

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.CopyAsync(request, CancellationToken.None));

        Assert.Equal(EngineError.PreconditionFailed, error.Code);
    }

    [Fact]
    public async Task Put_WithoutDigestUnderTheBucketsDefaultRetention_IsInvalidRequestAndStoresNothing()
    {
        await _engine.LockBucketAsync(DefaultRetention.ForDays(RetentionMode.Governance, 1));

        var error = await Assert.ThrowsAsync<EngineException>(() => _engine.PutAsync("k", [1, 2, 3]));

        Assert.Equal(EngineError.InvalidRequest, error.Code);
        Assert.Equal("Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters", error.Message);
        Assert.Equal(0, _engine.Blobs.OpenWriters);
        var missing = await Assert.ThrowsAsync<EngineException>(() => _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("k"), CancellationToken.None));
        Assert.Equal(EngineError.NoSuchKey, missing.Code);
    }

    [Fact]
    public async Task Put_UnderObjectLock_NeedsNoDigestWhereNothingWillHoldTheVersionOrNoneIsAsked()
    {
        await _engine.LockBucketAsync(defaultRetention: null);
        await _engine.PutAsync("unheld", [1]);
        await _engine.LockBucketAsync(DefaultRetention.ForDays(RetentionMode.Governance, 1));

        await _engine.PutAsync("posted", [2], request => request with { LockNeedsClientDigest = false });
        await _engine.PutAsync("proven", [3], request => request with { ContentMd5 = MD5.HashData(new byte[] { 3 }) });

        var posted = await _engine.Objects.HeadAsync(EngineUnderTest.Bucket, EngineUnderTest.Key("posted"), CancellationToken.None);
        Assert.NotNull(posted.Attributes.Retention);
        Assert.Equal([3], await _engine.ReadAsync("proven"));
        Assert.Equal([1], await _engine.ReadAsync("unheld"));
    }

    [Fact]
    public async Task Collect_RemovesOrphanBlobsOnly()
    {
        await _engine.PutAsBlobAsync("kept", [1, 2, 3]);
        var orphanWriter = _engine.Blobs.CreateWriter();
        await orphanWriter.WriteAsync(new byte[] { 9 }, CancellationToken.None);
        await orphanWriter.CommitAsync(CancellationToken.None);

        var result = await _engine.Collector.CollectAsync(DateTimeOffset.MaxValue, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(1, result.OrphansDeleted);
        Assert.Single(_engine.Blobs.Committed);
        Assert.Equal([1, 2, 3], await _engine.ReadAsync("kept"));
    }
}
