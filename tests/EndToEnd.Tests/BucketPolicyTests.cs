using System.Net;
using System.Xml.Linq;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

namespace Coffer.EndToEnd.Tests;

/// <summary>Bucket policies through AWSSDK.S3, and what they open to unsigned requests (plain HTTP, as wget sends).</summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public class BucketPolicyTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly HttpClient _anonymous = server.CreateHttpClient();

    public void Dispose()
    {
        _s3.Dispose();
        _anonymous.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task PublicReadPolicyOnAPrefix_AnonymousGetsObjectsThereAndNowhereElse()
    {
        var bucket = await BucketWithObjectsAsync("public/logo.png", "private/report.pdf");
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",
              "Action":"s3:GetObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/public/*"}]}
            """);

        var open = await _anonymous.GetAsync($"/{bucket}/public/logo.png");
        var closed = await _anonymous.GetAsync($"/{bucket}/private/report.pdf");
        var listing = await _anonymous.GetAsync($"/{bucket}?list-type=2");
        var write = await _anonymous.PutAsync($"/{bucket}/public/new.txt", new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("public/logo.png", await open.Content.ReadAsStringAsync());
        await AssertAccessDeniedAsync(closed);
        await AssertAccessDeniedAsync(listing);
        await AssertAccessDeniedAsync(write);
    }

    [Fact]
    public async Task DeleteBucketPolicy_AnonymousIsDeniedAgainAndGetIsNoSuchBucketPolicy()
    {
        var bucket = await BucketWithObjectsAsync("a.txt");
        await PutPolicyAsync(bucket, PublicRead(bucket));
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync($"/{bucket}/a.txt")).StatusCode);

        await _s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket });

        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/a.txt"));
        await AssertNoPolicyAsync(bucket);
    }

    [Fact]
    public async Task GetBucketPolicyAndStatus_AfterPut_ReturnTheDocumentAndIsPublic()
    {
        var bucket = await BucketWithObjectsAsync();
        var document = PublicRead(bucket);
        await PutPolicyAsync(bucket, document);

        var stored = await _s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket });
        var status = await _s3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket });

        Assert.Equal(document, stored.Policy);
        Assert.True(status.PolicyStatus.IsPublic);
    }

    [Fact]
    public async Task PolicyAllowingOnlyAnotherAddress_AnonymousFromLoopbackIsDenied()
    {
        var bucket = await BucketWithObjectsAsync("a.txt");
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
              "Resource":"arn:aws:s3:::{{{{bucket}}}}/*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}
            """);

        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/a.txt"));
        var status = await _s3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket });
        Assert.False(status.PolicyStatus.IsPublic);
    }

    [Fact]
    public async Task ListBucketAllowedForOnePrefix_AnonymousListsThatPrefixOnly()
    {
        var bucket = await BucketWithObjectsAsync("docs/a.txt", "secret/b.txt");
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket",
              "Resource":"arn:aws:s3:::{{{{bucket}}}}","Condition":{"StringLike":{"s3:prefix":"docs/*"}}}]}
            """);

        var docs = await _anonymous.GetAsync($"/{bucket}?list-type=2&prefix=docs/");
        var everything = await _anonymous.GetAsync($"/{bucket}?list-type=2");

        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        var keys = XDocument.Parse(await docs.Content.ReadAsStringAsync()).Descendants().Where(e => e.Name.LocalName == "Key").Select(e => e.Value);
        Assert.Equal(["docs/a.txt"], keys);
        await AssertAccessDeniedAsync(everything);
    }

    [Fact]
    public async Task ExplicitDenyBesideAnAllow_WinsForTheDeniedKeys()
    {
        var bucket = await BucketWithObjectsAsync("a.txt", "hidden/b.txt");
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*"},
              {"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/hidden/*"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync($"/{bucket}/a.txt")).StatusCode);
        await AssertAccessDeniedAsync(await _anonymous.GetAsync($"/{bucket}/hidden/b.txt"));
    }

    [Theory]
    [InlineData("not json", "")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::BUCKET/*"}]}""", "Principal")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::elsewhere/*"}]}""", "Policy has invalid resource")]
    public async Task PutBucketPolicy_Malformed_IsMalformedPolicyAndStoresNothing(string document, string messagePart)
    {
        var bucket = await BucketWithObjectsAsync();

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => PutPolicyAsync(bucket, document.Replace("BUCKET", bucket, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("MalformedPolicy", error.ErrorCode);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        await AssertNoPolicyAsync(bucket);
    }

    [Fact]
    public async Task MissingKey_UnderAPublicReadPolicy_IsAccessDeniedUnlessTheCallerMayList()
    {
        var bucket = await BucketWithObjectsAsync("a.txt");
        await PutPolicyAsync(bucket, PublicRead(bucket));
        var hidden = await _anonymous.GetAsync($"/{bucket}/missing.txt");

        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*"},
              {"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::{{{{bucket}}}}"}]}
            """);
        var told = await _anonymous.GetAsync($"/{bucket}/missing.txt");

        await AssertAccessDeniedAsync(hidden);
        Assert.Equal(HttpStatusCode.NotFound, told.StatusCode);
        Assert.Equal("NoSuchKey", XDocument.Parse(await told.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value);
    }

    [Fact]
    public async Task AnonymousPutWithTags_NeedsPutObjectTaggingFromThePolicyWhichMayTestTheTags()
    {
        var bucket = await BucketWithObjectsAsync();
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*"}]}
            """);
        var untagged = await AnonymousPutAsync(bucket, "plain.txt", tagging: null);
        var tagged = await AnonymousPutAsync(bucket, "tagged.txt", "team=a");
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*"},
              {"Effect":"Allow","Principal":"*","Action":"s3:PutObjectTagging","Resource":"arn:aws:s3:::{{{{bucket}}}}/*",
               "Condition":{"StringEquals":{"s3:RequestObjectTag/team":"a"}}}]}
            """);
        var allowedTag = await AnonymousPutAsync(bucket, "team-a.txt", "team=a");
        var otherTag = await AnonymousPutAsync(bucket, "team-b.txt", "team=b");

        Assert.Equal(HttpStatusCode.OK, untagged.StatusCode);
        await AssertAccessDeniedAsync(tagged);
        Assert.Equal(HttpStatusCode.OK, allowedTag.StatusCode);
        await AssertAccessDeniedAsync(otherTag);
        var stored = (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.Equal(["plain.txt", "team-a.txt"], stored);
        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "team-a.txt" });
        Assert.Equal("team=a", string.Join("&", tags.Tagging.Select(tag => $"{tag.Key}={tag.Value}")));
    }

    private async Task<HttpResponseMessage> AnonymousPutAsync(string bucket, string key, string? tagging)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/{bucket}/{key}") { Content = new StringContent(key) };
        if (tagging is not null)
        {
            request.Headers.Add("x-amz-tagging", tagging);
        }

        return await _anonymous.SendAsync(request);
    }

    private static string PublicRead(string bucket) =>
        $$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*"}]}""";

    private static async Task AssertAccessDeniedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("AccessDenied", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root?.Element("Code")?.Value);
    }

    /// <summary>
    /// No policy is stored: GET ?policy answers 404 NoSuchBucketPolicy, and the status is not public.
    /// AWSSDK.S3 (4.0.104) hands the 404's error document back as if it were the policy text,
    /// which is why the error code is looked for inside <c>Policy</c>.
    /// </summary>
    private async Task AssertNoPolicyAsync(string bucket)
    {
        var policy = await _s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket });
        var status = await _s3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket });

        Assert.Contains("<Code>NoSuchBucketPolicy</Code>", policy.Policy ?? "", StringComparison.Ordinal);
        Assert.False(status.PolicyStatus.IsPublic);
    }

    [Fact]
    public async Task PolicyDenyingUnencryptedPuts_BindsTheRootToo_ButNeverLocksItOutOfThePolicy()
    {
        var bucket = await BucketWithObjectsAsync("kept.txt");
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*",
              "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"AES256"}}}]}
            """);

        var plain = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain.txt", ContentBody = "plain" }));
        var sealedPut = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "sealed.txt",
            ContentBody = "sealed",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        });
        var read = await _s3.ReadTextAsync(bucket, "kept.txt");
        await _s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain.txt", ContentBody = "plain" });

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (plain.StatusCode, plain.ErrorCode));
        Assert.Equal(ServerSideEncryptionMethod.AES256, sealedPut.ServerSideEncryptionMethod);
        Assert.Equal("kept.txt", read);
        Assert.Equal("plain", await _s3.ReadTextAsync(bucket, "plain.txt"));
    }

    [Fact]
    public async Task PolicyRequiringCustomerKeysOrAKmsKey_TestsTheirConditionKeys()
    {
        var bucket = await BucketWithObjectsAsync();
        await PutPolicyAsync(bucket, $$$$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/sse-c/*",
               "Condition":{"Null":{"s3:x-amz-server-side-encryption-customer-algorithm":"true"}}},
              {"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/kms/*",
               "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption-aws-kms-key-id":"alias/aws/s3"}}}]}
            """);
        var customerKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var unkeyed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "sse-c/a.txt", ContentBody = "a" }));
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "sse-c/a.txt",
            ContentBody = "a",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = customerKey,
        });
        var otherKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "kms/b.txt",
            ContentBody = "b",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        }));
        var managed = await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "kms/b.txt",
            ContentBody = "b",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = "alias/aws/s3",
        });

        Assert.Equal(HttpStatusCode.Forbidden, unkeyed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherKey.StatusCode);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, managed.ServerSideEncryptionMethod);
    }

    [Fact]
    public async Task PolicyDenyingGetObject_RefusesTheRootACopyOfTheObjectToo()
    {
        var source = await BucketWithObjectsAsync("secret.txt");
        var target = await BucketWithObjectsAsync();
        await PutPolicyAsync(source, $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{source}}/*"}]}
            """);

        var copy = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.CopyObjectAsync(source, "secret.txt", target, "copied.txt"));
        var listed = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = target });

        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (copy.StatusCode, copy.ErrorCode));
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task PolicyDenyingEverythingToEveryone_StillLetsTheRootReadAndRemoveThePolicy()
    {
        var bucket = await BucketWithObjectsAsync("kept.txt");
        await PutPolicyAsync(bucket, $$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{{{bucket}}}","arn:aws:s3:::{{{bucket}}}/*"]}]}
            """);

        var get = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.ReadTextAsync(bucket, "kept.txt"));
        var policy = await _s3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket });
        await _s3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket });

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Contains("\"Deny\"", policy.Policy, StringComparison.Ordinal);
        Assert.Equal("kept.txt", await _s3.ReadTextAsync(bucket, "kept.txt"));
    }

    private Task<PutBucketPolicyResponse> PutPolicyAsync(string bucket, string document) =>
        _s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = document });

    /// <summary>A new bucket holding each key, with the key as its content.</summary>
    private async Task<string> BucketWithObjectsAsync(params string[] keys)
    {
        var bucket = CofferServer.UniqueBucket("policy");
        await _s3.PutBucketAsync(bucket);
        foreach (var key in keys)
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        return bucket;
    }
}
