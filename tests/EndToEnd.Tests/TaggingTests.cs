using System.Net;
using System.Text.Json;

using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// Object and bucket tags through real clients: set and read by the tagging operations, given by the writes
/// (x-amz-tagging on PutObject and CreateMultipartUpload, CopyObject's tagging directive), counted on GET and HEAD,
/// and refused with S3's errors without changing anything.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class TaggingTests(CofferServer server) : IClassFixture<CofferServer>, IAsyncLifetime
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly AwsCli _aws = new(server);
    private readonly IamUsers _users = new(server);
    private readonly string _bucket = CofferServer.UniqueBucket("tags");

    public async Task InitializeAsync()
    {
        await _s3.PutBucketAsync(_bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "kept.txt", ContentBody = "precious" });
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PutObjectTagging_ThenGetObjectTagging_ReturnsTheTagsInKeyOrderAndHeadCountsThem()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "a.txt", ContentBody = "a" });

        var put = await _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = _bucket,
            Key = "a.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "project", Value = "blue" }, new Tag { Key = "owner", Value = "ops team" }] },
        });
        var got = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "a.txt" });
        var head = await HeadTagCountAsync("a.txt");

        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        Assert.Equal(["owner=ops team", "project=blue"], Pairs(got.Tagging));
        Assert.Equal("2", head);
        Assert.Equal("a", await _s3.ReadTextAsync(_bucket, "a.txt"));
    }

    [Fact]
    public async Task DeleteObjectTagging_RemovesTheTagsAndTheCount()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "d.txt", ContentBody = "d", TagSet = [new Tag { Key = "k", Value = "v" }] });

        var deleted = await _s3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = _bucket, Key = "d.txt" });
        var got = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "d.txt" });
        var head = await HeadTagCountAsync("d.txt");

        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Empty(Pairs(got.Tagging));
        Assert.Null(head);
    }

    [Fact]
    public async Task PutObjectTagging_WithDuplicateKeys_ReturnsInvalidTagAndChangesNothing()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "dup.txt", ContentBody = "x", TagSet = [new Tag { Key = "k", Value = "old" }] });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = _bucket,
            Key = "dup.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "k", Value = "1" }, new Tag { Key = "k", Value = "2" }] },
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidTag"), (error.StatusCode, error.ErrorCode));
        Assert.Equal(["k=old"], Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "dup.txt" })).Tagging));
    }

    [Fact]
    public async Task PutObjectTagging_WithElevenTags_ReturnsInvalidTagAndChangesNothing()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "many.txt", ContentBody = "x" });

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = _bucket,
            Key = "many.txt",
            Tagging = new Tagging { TagSet = [.. Enumerable.Range(0, 11).Select(i => new Tag { Key = $"k{i}", Value = "v" })] },
        }));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidTag"), (error.StatusCode, error.ErrorCode));
        Assert.Empty(await TagsAsync("many.txt"));
    }

    [Fact]
    public async Task ObjectTagging_OfAMissingKey_IsNoSuchKey()
    {
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "never.txt" }));

        Assert.Equal((HttpStatusCode.NotFound, "NoSuchKey"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task ObjectTagging_WithVersionId_TagsOnlyThatVersionAndNamesIt()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vtags");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "v.txt", ContentBody = "one" });
        var older = await CurrentVersionIdAsync(bucket, "v.txt");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "v.txt", ContentBody = "two", TagSet = [new Tag { Key = "state", Value = "current" }] });
        var current = await CurrentVersionIdAsync(bucket, "v.txt");

        var put = await _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "v.txt",
            VersionId = older,
            Tagging = new Tagging { TagSet = [new Tag { Key = "state", Value = "archived" }] },
        });
        var olderTags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "v.txt", VersionId = older });
        var currentTags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "v.txt" });
        var deleted = await _s3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "v.txt", VersionId = older });

        Assert.Equal(older, put.VersionId);
        Assert.Equal(older, olderTags.VersionId);
        Assert.Equal(["state=archived"], Pairs(olderTags.Tagging));
        Assert.Equal(current, currentTags.VersionId);
        Assert.Equal(["state=current"], Pairs(currentTags.Tagging));
        Assert.Equal(older, deleted.VersionId);
        Assert.Empty(Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "v.txt", VersionId = older })).Tagging));
        Assert.Equal(["state=current"], Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "v.txt" })).Tagging));
    }

    [Fact]
    public async Task PutObjectTagging_WhenADeleteMarkerIsCurrent_IsNoSuchKey()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("mtags");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "m.txt", ContentBody = "m" });
        await _s3.DeleteObjectAsync(bucket, "m.txt");

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "m.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "k", Value = "v" }] },
        }));

        Assert.Equal((HttpStatusCode.NotFound, "NoSuchKey"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task PutObject_WithTagging_StoresTheTagsAndGetCountsThem()
    {
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = "p.txt",
            ContentBody = "p",
            TagSet = [new Tag { Key = "project", Value = "blue sky" }, new Tag { Key = "a+b", Value = "c=d" }],
        });

        using var got = await _s3.GetObjectAsync(_bucket, "p.txt");
        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "p.txt" });

        Assert.Equal(2, got.TagCount);
        Assert.Equal(["a+b=c=d", "project=blue sky"], Pairs(tags.Tagging));
    }

    [Fact]
    public async Task MultipartUpload_WithTagging_CarriesTheTagsToTheObject()
    {
        var upload = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "mp.bin",
            TagSet = [new Tag { Key = "kind", Value = "export" }],
        });
        var part = await _s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _bucket,
            Key = "mp.bin",
            UploadId = upload.UploadId,
            PartNumber = 1,
            InputStream = new MemoryStream([1, 2, 3]),
        });
        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = "mp.bin",
            UploadId = upload.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });

        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = "mp.bin" });

        Assert.Equal(["kind=export"], Pairs(tags.Tagging));
    }

    [Fact]
    public async Task CopyObject_TaggingDirective_CopyKeepsTheSourcesAndReplaceTakesTheRequests()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "src.txt", ContentBody = "s", TagSet = [new Tag { Key = "from", Value = "source" }] });

        await _s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = _bucket, SourceKey = "src.txt", DestinationBucket = _bucket, DestinationKey = "copied.txt" });
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "src.txt",
            DestinationBucket = _bucket,
            DestinationKey = "replaced.txt",
            TaggingDirective = TaggingDirective.REPLACE,
            TagSet = [new Tag { Key = "from", Value = "copy" }],
        });
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _bucket,
            SourceKey = "src.txt",
            DestinationBucket = _bucket,
            DestinationKey = "cleared.txt",
            TaggingDirective = TaggingDirective.REPLACE,
        });

        Assert.Equal(["from=source"], await TagsAsync("copied.txt"));
        Assert.Equal(["from=copy"], await TagsAsync("replaced.txt"));
        Assert.Empty(await TagsAsync("cleared.txt"));
        Assert.Equal(["from=source"], await TagsAsync("src.txt"));
    }

    [Fact]
    public async Task BucketTagging_PutGetDelete_AndNoneIsNoSuchTagSet()
    {
        var bucket = CofferServer.UniqueBucket("btags");
        await _s3.PutBucketAsync(bucket);

        var none = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }));
        await _s3.PutBucketTaggingAsync(new PutBucketTaggingRequest
        {
            BucketName = bucket,
            TagSet = [.. Enumerable.Range(0, 50).Select(i => new Tag { Key = $"k{i:00}", Value = $"v{i}" })],
        });
        var got = await _s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket });
        var tooMany = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.PutBucketTaggingAsync(new PutBucketTaggingRequest
        {
            BucketName = bucket,
            TagSet = [.. Enumerable.Range(0, 51).Select(i => new Tag { Key = $"k{i}", Value = "v" })],
        }));
        var kept = await _s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket });
        var deleted = await _s3.DeleteBucketTaggingAsync(new DeleteBucketTaggingRequest { BucketName = bucket });
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => _s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }));

        Assert.Equal((HttpStatusCode.NotFound, "NoSuchTagSet"), (none.StatusCode, none.ErrorCode));
        Assert.Equal(50, got.TagSet.Count);
        Assert.Equal("k00=v0", $"{got.TagSet[0].Key}={got.TagSet[0].Value}");
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidTag"), (tooMany.StatusCode, tooMany.ErrorCode));
        Assert.Equal(50, kept.TagSet.Count);
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Equal("NoSuchTagSet", gone.ErrorCode);
    }

    [Fact]
    public async Task AwsCli_PutObjectTaggingThenGetObjectTagging_RoundTrips()
    {
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "cli.txt", ContentBody = "c" });

        await _aws.RunCheckedAsync(
            "s3api", "put-object-tagging", "--bucket", _bucket, "--key", "cli.txt",
            "--tagging", """{"TagSet":[{"Key":"project","Value":"blue"},{"Key":"stage","Value":"prod"}]}""");
        using var got = JsonDocument.Parse(await _aws.RunCheckedAsync("s3api", "get-object-tagging", "--bucket", _bucket, "--key", "cli.txt"));
        var invalid = await _aws.RunAsync(
            "s3api", "put-object-tagging", "--bucket", _bucket, "--key", "cli.txt", "--tagging", """{"TagSet":[{"Key":"aws:x","Value":"y"}]}""");

        Assert.Equal(
            ["project=blue", "stage=prod"],
            got.RootElement.GetProperty("TagSet").EnumerateArray().Select(tag => $"{tag.GetProperty("Key").GetString()}={tag.GetProperty("Value").GetString()}"));
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("InvalidTag", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(["project=blue", "stage=prod"], await TagsAsync("cli.txt"));
    }

    [Fact]
    public async Task TaggingPermissions_VersionIdNeedsTheVersionActionAndTaggedWritesNeedPutObjectTagging()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("vperm");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "o.txt", ContentBody = "1" });
        var older = await CurrentVersionIdAsync(bucket, "o.txt");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "o.txt", ContentBody = "2" });
        var key = await _users.CreateAsync("tagger-" + bucket[^6..], IamUsers.AllowOnBucket(bucket, "s3:PutObjectTagging", "s3:GetObjectTagging", "s3:PutObject"));
        using var s3 = server.CreateClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));
        var tagging = new Tagging { TagSet = [new Tag { Key = "k", Value = "v" }] };

        await s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "o.txt", Tagging = tagging });
        var byVersion = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectTaggingAsync(
            new PutObjectTaggingRequest { BucketName = bucket, Key = "o.txt", VersionId = older, Tagging = tagging }));
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "tagged.txt", ContentBody = "n", TagSet = [new Tag { Key = "k", Value = "v" }] });
        var withoutTagging = await _users.CreateAsync("writer-" + bucket[^6..], IamUsers.AllowOnBucket(bucket, "s3:PutObject"));
        using var writer = server.CreateClient(new BasicAWSCredentials(withoutTagging.AccessKeyId, withoutTagging.SecretAccessKey));
        var taggedWrite = await Assert.ThrowsAsync<AmazonS3Exception>(() => writer.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = "new.txt", ContentBody = "n", TagSet = [new Tag { Key = "k", Value = "v" }] }));

        Assert.Equal("AccessDenied", byVersion.ErrorCode);
        Assert.Empty(Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "o.txt", VersionId = older })).Tagging));
        Assert.Equal("AccessDenied", taggedWrite.ErrorCode);
        await writer.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain.txt", ContentBody = "n" });
    }

    [Fact]
    public async Task PutObjectTagging_WithPolicyRequiringRequestTag_RefusesOtherTags()
    {
        var bucket = CofferServer.UniqueBucket("reqtag");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc.txt", ContentBody = "d" });
        var policy = $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObjectTagging","Resource":"arn:aws:s3:::{{{{bucket}}}}/*",
              "Condition":{"StringEquals":{"s3:RequestObjectTag/team":"a"}}}]}
            """;
        using var user = await UserClientAsync("team-tagger", policy);

        await user.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "doc.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "team", Value = "a" }, new Tag { Key = "stage", Value = "draft" }] },
        });
        var otherTeam = await Assert.ThrowsAsync<AmazonS3Exception>(() => user.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "doc.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "team", Value = "b" }] },
        }));
        var noTeam = await Assert.ThrowsAsync<AmazonS3Exception>(() => user.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "doc.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "stage", Value = "final" }] },
        }));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (otherTeam.StatusCode, otherTeam.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (noTeam.StatusCode, noTeam.ErrorCode));
        Assert.Equal(["stage=draft", "team=a"], Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "doc.txt" })).Tagging));
    }

    [Fact]
    public async Task BucketPolicy_LimitingRequestTagKeys_RefusesTaggingAndTaggedWritesWithOtherKeys()
    {
        var bucket = CofferServer.UniqueBucket("tagkeys");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc.txt", ContentBody = "d" });
        await _s3.PutBucketPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":["s3:PutObjectTagging","s3:PutObject"],
              "Resource":"arn:aws:s3:::{{{{bucket}}}}/*","Condition":{"ForAnyValue:StringNotEquals":{"s3:RequestObjectTagKeys":["team","cost"]}}}]}
            """);
        using var user = await UserClientAsync("key-tagger", IamUsers.AllowOnBucket(bucket, "s3:PutObject", "s3:PutObjectTagging"));

        var strayKey = await Assert.ThrowsAsync<AmazonS3Exception>(() => user.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "doc.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "team", Value = "a" }, new Tag { Key = "owner", Value = "me" }] },
        }));
        await user.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "doc.txt",
            Tagging = new Tagging { TagSet = [new Tag { Key = "team", Value = "a" }, new Tag { Key = "cost", Value = "7" }] },
        });
        var strayWrite = await Assert.ThrowsAsync<AmazonS3Exception>(() => user.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = "stray.txt", ContentBody = "s", TagSet = [new Tag { Key = "owner", Value = "me" }] }));
        await user.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "kept.txt", ContentBody = "k", TagSet = [new Tag { Key = "team", Value = "b" }] });
        await user.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain.txt", ContentBody = "p" });

        Assert.Equal("AccessDenied", strayKey.ErrorCode);
        Assert.Equal("AccessDenied", strayWrite.ErrorCode);
        Assert.Equal(["cost=7", "team=a"], Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "doc.txt" })).Tagging));
        var keys = (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.Equal(["doc.txt", "kept.txt", "plain.txt"], keys);
    }

    [Fact]
    public async Task CopyObject_WithoutTaggingPermissions_CopiesUntaggedSourcesButNotTaggedOnes()
    {
        var bucket = await BucketWithTaggedAndPlainAsync("cptag");
        using var user = await UserClientAsync("copier", IamUsers.AllowOnBucket(bucket, "s3:GetObject", "s3:PutObject"));

        var keepingTags = await Assert.ThrowsAsync<AmazonS3Exception>(() => user.CopyObjectAsync(Copy(bucket, "tagged.txt", "copy-1.txt")));
        var replacingWithTags = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            user.CopyObjectAsync(Copy(bucket, "plain.txt", "copy-2.txt", TaggingDirective.REPLACE, new Tag { Key = "team", Value = "a" })));
        await user.CopyObjectAsync(Copy(bucket, "plain.txt", "copy-3.txt"));
        await user.CopyObjectAsync(Copy(bucket, "tagged.txt", "copy-4.txt", TaggingDirective.REPLACE));

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (keepingTags.StatusCode, keepingTags.ErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (replacingWithTags.StatusCode, replacingWithTags.ErrorCode));
        var keys = (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.Equal(["copy-3.txt", "copy-4.txt", "plain.txt", "tagged.txt"], keys);
        Assert.Empty(Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "copy-4.txt" })).Tagging));
    }

    [Fact]
    public async Task CopyObject_KeepingATaggedSourcesTags_NeedsGetObjectTaggingOnTheSourceAndPutObjectTaggingOnTheCopy()
    {
        var bucket = await BucketWithTaggedAndPlainAsync("cptag");
        using var reader = await UserClientAsync("tag-reader", IamUsers.AllowOnBucket(bucket, "s3:GetObject", "s3:PutObject", "s3:GetObjectTagging"));
        using var copier = await UserClientAsync(
            "tag-copier", IamUsers.AllowOnBucket(bucket, "s3:GetObject", "s3:PutObject", "s3:GetObjectTagging", "s3:PutObjectTagging"));

        var withoutPutTagging = await Assert.ThrowsAsync<AmazonS3Exception>(() => reader.CopyObjectAsync(Copy(bucket, "tagged.txt", "copy-1.txt")));
        await copier.CopyObjectAsync(Copy(bucket, "tagged.txt", "copy-2.txt"));

        Assert.Equal("AccessDenied", withoutPutTagging.ErrorCode);
        Assert.Equal(["class=secret"], await TagsAsync(bucket, "copy-2.txt"));
        var keys = (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.DoesNotContain("copy-1.txt", keys);
    }

    [Fact]
    public async Task CopyObject_KeepingTheTagsOfANamedSourceVersion_NeedsGetObjectVersionTagging()
    {
        var bucket = await _s3.CreateVersionedBucketAsync("cpvtag");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src.txt", ContentBody = "1", TagSet = [new Tag { Key = "gen", Value = "one" }] });
        var first = await CurrentVersionIdAsync(bucket, "src.txt");
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src.txt", ContentBody = "2" });
        string[] common = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectTagging"];
        using var current = await UserClientAsync("cur-tags", IamUsers.AllowOnBucket(bucket, [.. common, "s3:GetObjectTagging"]));
        using var versions = await UserClientAsync("ver-tags", IamUsers.AllowOnBucket(bucket, [.. common, "s3:GetObjectVersionTagging"]));
        CopyObjectRequest FromFirst(string destination) => new()
        {
            SourceBucket = bucket,
            SourceKey = "src.txt",
            SourceVersionId = first,
            DestinationBucket = bucket,
            DestinationKey = destination,
        };

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => current.CopyObjectAsync(FromFirst("copy-1.txt")));
        var copied = await versions.CopyObjectAsync(FromFirst("copy-2.txt"));

        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Equal(first, copied.SourceVersionId);
        Assert.Equal(["gen=one"], await TagsAsync(bucket, "copy-2.txt"));
    }

    private async Task<string> BucketWithTaggedAndPlainAsync(string hint)
    {
        var bucket = CofferServer.UniqueBucket(hint);
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "tagged.txt", ContentBody = "t", TagSet = [new Tag { Key = "class", Value = "secret" }] });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain.txt", ContentBody = "p" });
        return bucket;
    }

    private static CopyObjectRequest Copy(string bucket, string source, string destination, TaggingDirective? directive = null, params Tag[] tags) => new()
    {
        SourceBucket = bucket,
        SourceKey = source,
        DestinationBucket = bucket,
        DestinationKey = destination,
        TaggingDirective = directive,
        TagSet = tags.Length == 0 ? null : [.. tags],
    };

    /// <summary>A client for a new IAM user with one inline policy.</summary>
    private async Task<AmazonS3Client> UserClientAsync(string name, string policy)
    {
        var key = await _users.CreateAsync(name + "-" + Guid.NewGuid().ToString("N")[..8], policy);
        return server.CreateClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));
    }

    private async Task<List<string>> TagsAsync(string bucket, string key) =>
        Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key })).Tagging);

    /// <summary>A header of HEAD's answer (2xx or not), read off the wire: the SDK surfaces neither x-amz-tagging-count nor an error's headers.</summary>
    private async Task<string?> HeadHeaderAsync(string bucket, string key, string header)
    {
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.HEAD,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        using var http = new HttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        return response.Headers.TryGetValues(header, out var values) ? values.Single() : null;
    }

    private Task<string?> HeadTagCountAsync(string key) => HeadHeaderAsync(_bucket, key, "x-amz-tagging-count");

    /// <summary>The id of the key's current version (or of the delete marker that hides it).</summary>
    private async Task<string> CurrentVersionIdAsync(string bucket, string key) =>
        await HeadHeaderAsync(bucket, key, "x-amz-version-id") ?? throw new InvalidOperationException("HEAD named no version");

    private async Task<List<string>> TagsAsync(string key) =>
        Pairs((await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = _bucket, Key = key })).Tagging);

    private static List<string> Pairs(IEnumerable<Tag>? tags) => [.. (tags ?? []).Select(tag => $"{tag.Key}={tag.Value}")];

    [Fact]
    public async Task BucketPolicy_DenyingOnAnExistingObjectTag_RefusesTaggedObjectsOnly()
    {
        var bucket = CofferServer.UniqueBucket("tagdeny");
        await _s3.PutBucketAsync(bucket);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "secret.txt", ContentBody = "s", TagSet = [new Tag { Key = "class", Value = "secret" }] });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "open.txt", ContentBody = "o", TagSet = [new Tag { Key = "class", Value = "open" }] });
        var condition = """{"StringEquals":{"s3:ExistingObjectTag/class":"secret"}}""";
        await _s3.PutBucketPolicyAsync(
            bucket,
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*","Condition":{{condition}}}]}""");
        var key = await _users.CreateAsync("tag-reader-" + Guid.NewGuid().ToString("N")[..8], IamUsers.AllowOnBucket(bucket, "s3:GetObject"));
        using var user = server.CreateClient(new Amazon.Runtime.BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => user.GetObjectAsync(bucket, "secret.txt"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var open = await user.GetObjectAsync(bucket, "open.txt");
        Assert.Equal(HttpStatusCode.OK, open.HttpStatusCode);
    }
}
