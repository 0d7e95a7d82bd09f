using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

using Amazon.S3;
using Amazon.S3.Model;

using Coffer.EndToEnd.Tests.Infrastructure;

using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// POST Object, the browser upload form, sent with a raw HttpClient as a browser would send it:
/// multipart/form-data with the fields first and the file last. Policies are signed here, with
/// HMACs computed independently of the server's code.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public partial class PostObjectTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private readonly AmazonS3Client _s3 = server.CreateClient();
    private readonly HttpClient _http = server.CreateHttpClient();

    public void Dispose()
    {
        _s3.Dispose();
        _http.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task PostObject_SignedWithSigV4_StoresTheFileWithItsHeadersAndAnswers204()
    {
        var bucket = await NewBucketAsync();
        var file = RandomBytes(100_000);
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "docs/" }, new[] { "starts-with", "$Content-Type", "text/" }, new[] { "starts-with", "$x-amz-meta-owner", "" }),
            ("key", "docs/report.txt"), ("Content-Type", "text/plain"), ("x-amz-meta-owner", "alice"));

        var response = await PostAsync(bucket, fields, file);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(file))}\"", response.Headers.ETag?.Tag);
        Assert.Equal(new Uri(server.Endpoint, $"/{bucket}/docs/report.txt"), response.Headers.Location);
        using var stored = await _s3.GetObjectAsync(bucket, "docs/report.txt");
        Assert.Equal(file, await stored.ReadAllBytesAsync());
        Assert.Equal("text/plain", stored.Headers.ContentType);
        Assert.Equal("alice", stored.Metadata["x-amz-meta-owner"]);
    }

    [Fact]
    public async Task PostObject_WithCustomerKeyFieldsIntoABucketBlockingSseC_IsAccessDeniedAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        await _s3.BlockSseCAsync(bucket);
        var key = RandomBytes(32);
        var fields = SecretFormWithCustomerKey(bucket, key);

        var response = await PostAsync(bucket, fields, [1, 2, 3]);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied", null);
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_WithCustomerKeyFields_StoresTheFileSealedUnderTheKey()
    {
        var bucket = await NewBucketAsync();
        var (file, marker) = MarkedContent.Make(100_000);
        var key = RandomBytes(32);
        var fields = SecretFormWithCustomerKey(bucket, key);

        var response = await PostAsync(bucket, fields, file);
        var withoutKey = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectAsync(bucket, "secret.bin"));
        using var stored = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "secret.bin",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(key),
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(key)), response.Headers.GetValues("x-amz-server-side-encryption-customer-key-MD5").Single());
        Assert.Equal(HttpStatusCode.BadRequest, withoutKey.StatusCode);
        Assert.Equal(file, await stored.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
        Assert.False(DataDirectoryScan.Contains(server, key));
    }

    [Fact]
    public async Task PostObject_WithSseS3Field_StoresTheFileEncryptedAndSaysSo()
    {
        var bucket = await NewBucketAsync();
        var (file, marker) = MarkedContent.Make(100_000);
        var fields = SignV4(
            Conditions(bucket, new[] { "eq", "$key", "sealed.bin" }, new Dictionary<string, string> { ["x-amz-server-side-encryption"] = "AES256" }),
            ("key", "sealed.bin"), ("x-amz-server-side-encryption", "AES256"));

        var response = await PostAsync(bucket, fields, file);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("AES256", Assert.Single(response.Headers.GetValues("x-amz-server-side-encryption")));
        using var stored = await _s3.GetObjectAsync(bucket, "sealed.bin");
        Assert.Equal(ServerSideEncryptionMethod.AES256, stored.ServerSideEncryptionMethod);
        Assert.Equal(file, await stored.ReadAllBytesAsync());
        Assert.DoesNotContain(
            Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories),
            path => File.ReadAllBytes(path).AsSpan().IndexOf(marker) >= 0);
    }

    [Fact]
    public async Task PostObject_VirtualHostedBucket_StoresTheFileAndLocatesItOnTheBucketHost()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "eq", "$key", "vh.txt" }), ("key", "vh.txt"));
        var host = $"{bucket}.localhost:{server.Endpoint.Port}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = Form(fields, [4, 2], "vh.txt") };
        request.Headers.Host = host;

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal($"http://{host}/vh.txt", response.Headers.Location?.OriginalString);
        Assert.Equal([4, 2], await GetAsync(bucket, "vh.txt"));
    }

    [Fact]
    public async Task PostObject_FileOfTwentyMebibytes_StreamsIntoTheObject()
    {
        var bucket = await NewBucketAsync();
        var file = RandomBytes(20 * 1024 * 1024);
        var fields = SignV4(Conditions(bucket, new[] { "eq", "$key", "large.bin" }, new object[] { "content-length-range", 0, file.Length }), ("key", "large.bin"));

        var response = await PostAsync(bucket, fields, file);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(await GetAsync(bucket, "large.bin")));
    }

    [Fact]
    public async Task PostObject_SignedWithSigV2_StoresTheFile()
    {
        var bucket = await NewBucketAsync();
        var policy = PolicyOf(DateTimeOffset.UtcNow.AddMinutes(5), [new Dictionary<string, string> { ["bucket"] = bucket }, new object[] { "eq", "$key", "v2.bin" }]);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(server.SecretKey), Encoding.UTF8.GetBytes(policy)));

        var response = await PostAsync(bucket, [("key", "v2.bin"), ("AWSAccessKeyId", server.AccessKey), ("policy", policy), ("signature", signature)], [1, 2, 3]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([1, 2, 3], await GetAsync(bucket, "v2.bin"));
    }

    [Fact]
    public async Task PostObject_KeyWithFilenameVariable_StoresUnderTheUploadedFileName()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "uploads/" }), ("key", "uploads/${filename}"));

        var response = await PostAsync(bucket, fields, [42], fileName: "holiday photo.jpg");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([42], await GetAsync(bucket, "uploads/holiday photo.jpg"));
    }

    [Fact]
    public async Task PostObject_SuccessActionStatus201_ReturnsPostResponseDocument()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new Dictionary<string, string> { ["key"] = "a b.txt" }, new Dictionary<string, string> { ["success_action_status"] = "201" }),
            ("key", "a b.txt"), ("success_action_status", "201"));

        var response = await PostAsync(bucket, fields, [7]);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("PostResponse", document.Name.LocalName);
        Assert.Equal(bucket, document.Element("Bucket")?.Value);
        Assert.Equal("a b.txt", document.Element("Key")?.Value);
        Assert.Equal(response.Headers.ETag?.Tag, document.Element("ETag")?.Value);
        Assert.Equal($"{server.Endpoint.ToString().TrimEnd('/')}/{bucket}/a%20b.txt", document.Element("Location")?.Value);
    }

    [Fact]
    public async Task PostObject_SuccessActionRedirect_Answers303ToTheUrlWithBucketKeyAndQuotedETag()
    {
        var bucket = await NewBucketAsync();
        const string Target = "https://app.example.com/done?from=form";
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "eq", "$success_action_redirect", Target }),
            ("key", "r/1.txt"), ("success_action_redirect", Target));

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Endpoint };
        var response = await noRedirects.PostAsync($"/{bucket}", Form(fields, [5], "f.txt"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var etag = Convert.ToHexStringLower(MD5.HashData(new byte[] { 5 }));
        Assert.Equal($"{Target}&bucket={bucket}&key=r%2F1.txt&etag=%22{etag}%22", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PostObject_WithStartsWithViolation_ReturnsAccessDeniedAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "user/alice/" }), ("key", "user/bob/x.txt"));

        var response = await PostAsync(bucket, fields, [1]);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied", """Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/alice/"]""");
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_FileLargerThanContentLengthRange_ReturnsEntityTooLargeAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }, new object[] { "content-length-range", 0, 1000 }), ("key", "big.bin"));

        var response = await PostAsync(bucket, fields, RandomBytes(1001));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "EntityTooLarge", null);
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_FileSmallerThanContentLengthRange_ReturnsEntityTooSmallAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }, new object[] { "content-length-range", 10, 1000 }), ("key", "small.bin"));

        var response = await PostAsync(bucket, fields, [1, 2]);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "EntityTooSmall", null);
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_ExpiredPolicy_ReturnsAccessDeniedPolicyExpired()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }), DateTimeOffset.UtcNow.AddMinutes(-1), ("key", "late.txt"));

        var response = await PostAsync(bucket, fields, [1]);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied", "Invalid according to Policy: Policy expired.");
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_FieldThePolicyDoesNotName_ReturnsAccessDeniedExtraInputFields()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }), ("key", "x.txt"), ("x-amz-meta-sneaky", "1"), ("x-ignore-submit", "Upload"));

        var response = await PostAsync(bucket, fields, [1]);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied", "Invalid according to Policy: Extra input fields: x-amz-meta-sneaky");
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_SignatureByAnotherSecret_ReturnsSignatureDoesNotMatch()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }), DateTimeOffset.UtcNow.AddMinutes(5), new FormSigner(server.AccessKey, "not-the-secret"), ("key", "x.txt"));

        var response = await PostAsync(bucket, fields, [1]);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "SignatureDoesNotMatch", null);
        await AssertEmptyAsync(bucket);
    }

    [Theory]
    [InlineData("<Tagging><TagSet><Tag><Key>project</Key></Tag></TagSet></Tagging>", HttpStatusCode.BadRequest, "MalformedXML")]
    [InlineData("project=blue", HttpStatusCode.BadRequest, "MalformedXML")]
    [InlineData("<Tagging><TagSet><Tag><Key>aws:owner</Key><Value>me</Value></Tag></TagSet></Tagging>", HttpStatusCode.BadRequest, "InvalidTag")]
    public async Task PostObject_MalformedTaggingField_IsRefusedAndStoresNothing(string tagging, HttpStatusCode status, string code)
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$tagging", "" }), ("key", "tagged.txt"), ("tagging", tagging));

        var response = await PostAsync(bucket, fields, [1]);

        await AssertErrorAsync(response, status, code, null);
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_TaggingField_TagsTheStoredObject()
    {
        var bucket = await NewBucketAsync();
        var tagging = "<Tagging><TagSet><Tag><Key>project</Key><Value>blue</Value></Tag><Tag><Key>tier</Key><Value>hot</Value></Tag></TagSet></Tagging>";
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$tagging", "" }), ("key", "tagged.txt"), ("tagging", tagging));

        var response = await PostAsync(bucket, fields, [7]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "tagged.txt" });
        Assert.Equal(["project=blue", "tier=hot"], tags.Tagging.Select(tag => $"{tag.Key}={tag.Value}"));
    }

    [Fact]
    public async Task PostObject_WithLockFieldsInLockedBucket_StoresTheVersionUnderRetentionAndHold()
    {
        var bucket = CofferServer.UniqueBucket("postlock");
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
        var fields = SignV4(
            Conditions(
                bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$x-amz-object-lock-mode", "" },
                new[] { "starts-with", "$x-amz-object-lock-retain-until-date", "" }, new[] { "starts-with", "$x-amz-object-lock-legal-hold", "" }),
            ("key", "locked.txt"), ("x-amz-object-lock-mode", "COMPLIANCE"), ("x-amz-object-lock-retain-until-date", "2090-01-01T00:00:00Z"),
            ("x-amz-object-lock-legal-hold", "ON"));

        var response = await PostAsync(bucket, fields, [7]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var retention = await _s3.GetObjectRetentionAsync(new GetObjectRetentionRequest { BucketName = bucket, Key = "locked.txt" });
        Assert.Equal(ObjectLockRetentionMode.Compliance, retention.Retention.Mode);
        Assert.Equal(new DateTime(2090, 1, 1, 0, 0, 0, DateTimeKind.Utc), retention.Retention.RetainUntilDate!.Value.ToUniversalTime());
        var hold = await _s3.GetObjectLegalHoldAsync(new GetObjectLegalHoldRequest { BucketName = bucket, Key = "locked.txt" });
        Assert.Equal(ObjectLockLegalHoldStatus.On, hold.LegalHold.Status);
    }

    [Fact]
    public async Task PostObject_WithLockFieldInBucketWithoutLock_ReturnsInvalidRequestAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(
            Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$x-amz-object-lock-legal-hold", "" }),
            ("key", "held.txt"), ("x-amz-object-lock-legal-hold", "ON"));

        var response = await PostAsync(bucket, fields, [7]);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidRequest", "Bucket is missing ObjectLockConfiguration");
        Assert.Empty((await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    [Fact]
    public async Task PostObject_TaggingFieldWithAnEmptyTagSet_StoresTheFile()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$tagging", "" }), ("key", "untagged.txt"), ("tagging", "<Tagging><TagSet/></Tagging>"));

        var response = await PostAsync(bucket, fields, [7]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var stored = await _s3.GetObjectAsync(bucket, "untagged.txt");
        Assert.Equal([7], await stored.ReadAllBytesAsync());
    }

    [Fact]
    public async Task PostObject_WithoutKeyField_ReturnsInvalidArgument()
    {
        var bucket = await NewBucketAsync();

        var response = await PostAsync(bucket, [("Content-Type", "text/plain")], [1]);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument", "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
    }

    [Fact]
    public async Task PostObject_EmptyKey_ReturnsInvalidArgument()
    {
        var bucket = await NewBucketAsync();

        var response = await PostAsync(bucket, [("key", "")], [1]);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidArgument", "User key must have a length greater than 0.");
    }

    [Fact]
    public async Task PostObject_AnonymousToBucketWhosePolicyAllowsPutObjectToEveryone_StoresTheFile()
    {
        var bucket = await NewBucketAsync();
        await _s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{bucket}}/inbox/*"}]}""",
        });

        var allowed = await PostAsync(bucket, [("key", "inbox/note.txt")], [9]);
        var elsewhere = await PostAsync(bucket, [("key", "private/note.txt")], [9]);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal([9], await GetAsync(bucket, "inbox/note.txt"));
        await AssertErrorAsync(elsewhere, HttpStatusCode.Forbidden, "AccessDenied", null);
    }

    [Fact]
    public async Task PostObject_AnonymousWithTaggingField_NeedsPutObjectTaggingFromThePolicyWhichMayTestTheTags()
    {
        var bucket = await NewBucketAsync();
        const string TeamA = "<Tagging><TagSet><Tag><Key>team</Key><Value>a</Value></Tag></TagSet></Tagging>";
        const string TeamB = "<Tagging><TagSet><Tag><Key>team</Key><Value>b</Value></Tag></TagSet></Tagging>";
        await _s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = $$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*"}]}""",
        });
        var withoutTaggingRight = await PostAsync(bucket, [("key", "first.txt"), ("tagging", TeamA)], [1]);
        await _s3.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = $$$$"""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{{{bucket}}}}/*"},
                  {"Effect":"Allow","Principal":"*","Action":"s3:PutObjectTagging","Resource":"arn:aws:s3:::{{{{bucket}}}}/*",
                   "Condition":{"ForAllValues:StringEquals":{"s3:RequestObjectTagKeys":["team"]},"StringEquals":{"s3:RequestObjectTag/team":"a"}}}]}
                """,
        });

        var otherTag = await PostAsync(bucket, [("key", "second.txt"), ("tagging", TeamB)], [2]);
        var allowedTag = await PostAsync(bucket, [("key", "third.txt"), ("tagging", TeamA)], [3]);

        await AssertErrorAsync(withoutTaggingRight, HttpStatusCode.Forbidden, "AccessDenied", null);
        await AssertErrorAsync(otherTag, HttpStatusCode.Forbidden, "AccessDenied", null);
        Assert.Equal(HttpStatusCode.NoContent, allowedTag.StatusCode);
        var stored = (await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.Equal(["third.txt"], stored);
        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "third.txt" });
        Assert.Equal(["team=a"], tags.Tagging.Select(tag => $"{tag.Key}={tag.Value}"));
    }

    [Fact]
    public async Task PostObject_AnonymousWithTaggingFieldIntoPublicReadWriteBucket_StoresTheTags()
    {
        // An ACL's WRITE lets everyone tag what they write: ceph's test_post_object_tags_anonymous_request, which passes
        // on AWS, does exactly this.
        var bucket = CofferServer.UniqueBucket("post-acl");
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.PublicReadWrite });
        const string Tagging = "<Tagging><TagSet><Tag><Key>0</Key><Value>0</Value></Tag><Tag><Key>1</Key><Value>1</Value></Tag></TagSet></Tagging>";

        var response = await PostAsync(bucket, [("key", "foo.txt"), ("tagging", Tagging)], [4]);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var tags = await _s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "foo.txt" });
        Assert.Equal(["0=0", "1=1"], tags.Tagging.Select(tag => $"{tag.Key}={tag.Value}"));
    }

    [Fact]
    public async Task PostObject_AnonymousToBucketWithoutPolicy_ReturnsAccessDeniedAndStoresNothing()
    {
        var bucket = await NewBucketAsync();

        var response = await PostAsync(bucket, [("key", "note.txt")], [9]);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied", null);
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_FieldsAfterTheFile_AreIgnored()
    {
        var bucket = await NewBucketAsync();
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }), ("key", "first.txt"));
        using var form = Form(fields, [3], "f.txt");
        form.Add(new StringContent("not-in-policy"), "x-amz-meta-late");

        var response = await _http.PostAsync($"/{bucket}", form);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var stored = await _s3.GetObjectAsync(bucket, "first.txt");
        Assert.Empty(stored.Metadata.Keys);
    }

    private async Task<string> NewBucketAsync()
    {
        var bucket = CofferServer.UniqueBucket("post");
        await _s3.PutBucketAsync(bucket);
        return bucket;
    }

    /// <summary>The conditions every signed form here needs (bucket and the SigV4 fields), then the test's own.</summary>
    /// <remarks>A List, not an array: one string[] passed to <c>params object[]</c> would become the whole array.</remarks>
    /// <summary>A signed form for the key secret.bin with the three SSE-C fields of <paramref name="key"/>, each named in the policy.</summary>
    private (string Name, string Value)[] SecretFormWithCustomerKey(string bucket, byte[] key)
    {
        (string Name, string Value)[] customerKey =
        [
            ("x-amz-server-side-encryption-customer-algorithm", "AES256"),
            ("x-amz-server-side-encryption-customer-key", Convert.ToBase64String(key)),
            ("x-amz-server-side-encryption-customer-key-MD5", Convert.ToBase64String(MD5.HashData(key))),
        ];
        return SignV4(
            Conditions(bucket, [new[] { "eq", "$key", "secret.bin" }, .. customerKey.Select(field => new Dictionary<string, string> { [field.Name] = field.Value })]),
            [("key", "secret.bin"), .. customerKey]);
    }

    private static object[] Conditions(string bucket, params List<object> more) => [new Dictionary<string, string> { ["bucket"] = bucket }, .. more];

    private (string Name, string Value)[] SignV4(object[] conditions, params (string Name, string Value)[] fields) =>
        SignV4(conditions, DateTimeOffset.UtcNow.AddMinutes(5), fields);

    private (string Name, string Value)[] SignV4(object[] conditions, DateTimeOffset expiration, params (string Name, string Value)[] fields) =>
        SignV4(conditions, expiration, new FormSigner(server.AccessKey, server.SecretKey), fields);

    /// <summary>
    /// Adds the SigV4 fields, names them in the policy as S3 requires, and signs the policy with the day's signing key of
    /// <paramref name="signer"/>'s secret.
    /// </summary>
    private static (string Name, string Value)[] SignV4(
        object[] conditions, DateTimeOffset expiration, FormSigner signer, params (string Name, string Value)[] fields)
    {
        var now = DateTimeOffset.UtcNow;
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var credential = $"{signer.AccessKey}/{date}/{CofferServer.Region}/s3/aws4_request";
        var signed = new Dictionary<string, string>
        {
            ["x-amz-algorithm"] = "AWS4-HMAC-SHA256",
            ["x-amz-credential"] = credential,
            ["x-amz-date"] = amzDate,
        };
        var policy = PolicyOf(expiration, [.. conditions, .. signed.Select(pair => new Dictionary<string, string> { [pair.Key] = pair.Value })]);

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + signer.Secret), date);
        foreach (var part in new[] { CofferServer.Region, "s3", "aws4_request" })
        {
            key = Hmac(key, part);
        }

        var signature = Convert.ToHexStringLower(Hmac(key, policy));
        return [.. fields, .. signed.Select(pair => (pair.Key, pair.Value)), ("policy", policy), ("x-amz-signature", signature)];
    }

    /// <summary>The access key whose secret signs a form's policy (a type of its own, so that no field can be taken for it).</summary>
    private sealed record FormSigner(string AccessKey, string Secret);

    private static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private static string PolicyOf(DateTimeOffset expiration, object[] conditions) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
    {
        expiration = expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        conditions,
    }));

    private static MultipartFormDataContent Form(IEnumerable<(string Name, string Value)> fields, byte[] file, string fileName)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(file), "file", fileName);
        return form;
    }

    private async Task<HttpResponseMessage> PostAsync(string bucket, IEnumerable<(string Name, string Value)> fields, byte[] file, string fileName = "upload.bin")
    {
        using var form = Form(fields, file, fileName);
        return await _http.PostAsync($"/{bucket}", form);
    }

    private async Task<byte[]> GetAsync(string bucket, string key)
    {
        using var stored = await _s3.GetObjectAsync(bucket, key);
        return await stored.ReadAllBytesAsync();
    }

    private static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        var error = XDocument.Parse(body).Root!;
        Assert.Equal(code, error.Element("Code")?.Value);
        if (message is not null)
        {
            Assert.Equal(message, error.Element("Message")?.Value);
        }
    }

    private async Task AssertEmptyAsync(string bucket)
    {
        var listing = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(listing.S3Objects ?? []);
    }
}
