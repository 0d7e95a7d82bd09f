using System.Net;
using System.Text;
using System.Text.Json;

using Amazon.KeyManagementService.Model;
using Amazon.S3;

using Coffer.EndToEnd.Tests.Infrastructure;

using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// SSE-KMS in browser upload forms: the form's KMS fields, or the bucket's KMS default, seal the file under the key,
/// and the key is used only if the form's signer may use it (kms:GenerateDataKey), as for a PutObject by that signer.
/// </summary>
public partial class PostObjectTests
{
    private const string Method = "x-amz-server-side-encryption";
    private const string KeyIdField = "x-amz-server-side-encryption-aws-kms-key-id";

    [Fact]
    public async Task PostObject_WithKmsKeyField_StoresSseKmsObjectUnderThatKey()
    {
        var keyArn = await NewKmsKeyAsync();
        var bucket = await NewBucketAsync();
        var (file, marker) = MarkedContent.Make(100_000);
        var context = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"form":"avatar"}"""));
        (string Name, string Value)[] kms = [(Method, "aws:kms"), (KeyIdField, keyArn), ("x-amz-server-side-encryption-context", context)];
        var fields = SignV4(Conditions(bucket, [new[] { "eq", "$key", "avatar.png" }, .. kms.Select(field => new[] { "eq", "$" + field.Name, field.Value })]), [("key", "avatar.png"), .. kms]);

        var response = await PostAsync(bucket, fields, file);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("aws:kms", Assert.Single(response.Headers.GetValues(Method)));
        Assert.Equal(keyArn, Assert.Single(response.Headers.GetValues(KeyIdField)));
        Assert.Equal(context, Assert.Single(response.Headers.GetValues("x-amz-server-side-encryption-context")));
        await AssertSealedUnderAsync(bucket, "avatar.png", keyArn, file, marker);
    }

    [Fact]
    public async Task PostObject_IntoBucketWithKmsDefault_StoresSseKmsObjectUnderTheDefaultKey()
    {
        var keyArn = await NewKmsKeyAsync();
        var bucket = await NewBucketAsync();
        await _s3.PutKmsDefaultAsync(bucket, keyArn);
        var (file, marker) = MarkedContent.Make(50_000);
        var fields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "foo" }, new[] { "starts-with", "$" + Method, "" }), ("key", "foo.txt"));

        var response = await PostAsync(bucket, fields, file);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(keyArn, Assert.Single(response.Headers.GetValues(KeyIdField)));
        await AssertSealedUnderAsync(bucket, "foo.txt", keyArn, file, marker);
    }

    [Fact]
    public async Task PostObject_WithDsseKmsField_StoresTheFileSealedInTwoLayersUnderTheKey()
    {
        var keyArn = await NewKmsKeyAsync();
        var bucket = await NewBucketAsync();
        var (file, marker) = MarkedContent.Make(70_000);
        var fields = SignV4(
            Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$" + Method, "" }, new[] { "starts-with", "$" + KeyIdField, "" }),
            ("key", "twice.bin"), (Method, "aws:kms:dsse"), (KeyIdField, keyArn));

        var response = await PostAsync(bucket, fields, file);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(("aws:kms:dsse", keyArn), (Assert.Single(response.Headers.GetValues(Method)), Assert.Single(response.Headers.GetValues(KeyIdField))));
        using var stored = await _s3.GetObjectAsync(bucket, "twice.bin");
        Assert.Equal((ServerSideEncryptionMethod.AWSKMSDSSE, keyArn), (stored.ServerSideEncryptionMethod, stored.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(file, await stored.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    [Fact]
    public async Task PostObject_SignedByUserWithoutGenerateDataKey_IsAccessDeniedAndStoresNothing()
    {
        var keyArn = await NewKmsKeyAsync();
        var bucket = await NewBucketAsync();
        var user = await new IamUsers(server).CreateAsync("form-" + Guid.NewGuid().ToString("N")[..8], IamUsers.AllowOnBucket(bucket, "s3:PutObject"));
        var fields = SignV4(
            Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$" + Method, "" }, new[] { "starts-with", "$" + KeyIdField, "" }),
            DateTimeOffset.UtcNow.AddMinutes(5),
            new FormSigner(user.AccessKeyId, user.SecretAccessKey),
            ("key", "denied.txt"), (Method, "aws:kms"), (KeyIdField, keyArn));
        var plainFields = SignV4(Conditions(bucket, new[] { "starts-with", "$key", "" }), DateTimeOffset.UtcNow.AddMinutes(5), new FormSigner(user.AccessKeyId, user.SecretAccessKey), ("key", "plain.txt"));

        var response = await PostAsync(bucket, fields, [1, 2, 3]);
        var plain = await PostAsync(bucket, plainFields, [4]);

        var body = await response.Content.ReadAsStringAsync();
        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied", null);
        Assert.Contains("kms:GenerateDataKey", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, plain.StatusCode);
        var absent = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => _s3.GetObjectMetadataAsync(bucket, "denied.txt"));
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task PostObject_AnonymousIntoPublicWriteBucketWithKmsDefault_IsAccessDeniedAndStoresNothing()
    {
        var keyArn = await NewKmsKeyAsync();
        var bucket = await NewBucketAsync();
        await _s3.PutKmsDefaultAsync(bucket, keyArn);
        await _s3.PutBucketPolicyAsync(new Amazon.S3.Model.PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = JsonSerializer.Serialize(new
            {
                Version = "2012-10-17",
                Statement = new[] { new { Effect = "Allow", Principal = "*", Action = "s3:PutObject", Resource = $"arn:aws:s3:::{bucket}/*" } },
            }),
        });

        var response = await PostAsync(bucket, [("key", "inbox/note.txt")], [9]);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "AccessDenied", null);
        await AssertEmptyAsync(bucket);
    }

    [Fact]
    public async Task PostObject_WithDisabledKmsKey_ReturnsKmsDisabledExceptionAndStoresNothing()
    {
        var keyArn = await NewKmsKeyAsync();
        var bucket = await NewBucketAsync();
        using (var kms = server.CreateKmsClient())
        {
            await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = keyArn });
        }

        var fields = SignV4(
            Conditions(bucket, new[] { "starts-with", "$key", "" }, new[] { "starts-with", "$" + Method, "" }, new[] { "starts-with", "$" + KeyIdField, "" }),
            ("key", "disabled.txt"), (Method, "aws:kms"), (KeyIdField, keyArn));

        var response = await PostAsync(bucket, fields, [1, 2, 3]);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "KMS.DisabledException", null);
        await AssertEmptyAsync(bucket);
    }

    /// <summary>The object reads back as <paramref name="file"/>, says it is SSE-KMS under the key, and is nowhere on disk in plaintext.</summary>
    private async Task AssertSealedUnderAsync(string bucket, string key, string keyArn, byte[] file, byte[] marker)
    {
        using var stored = await _s3.GetObjectAsync(bucket, key);
        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, keyArn), (stored.ServerSideEncryptionMethod, stored.ServerSideEncryptionKeyManagementServiceKeyId));
        Assert.Equal(file, await stored.ReadAllBytesAsync());
        Assert.False(DataDirectoryScan.Contains(server, marker));
    }

    private async Task<string> NewKmsKeyAsync()
    {
        using var kms = server.CreateKmsClient();
        return (await kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.Arn;
    }
}
