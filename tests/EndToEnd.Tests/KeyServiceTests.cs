using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

using Coffer.EndToEnd.Tests.Infrastructure;
using Coffer.TestKit.Signing;

namespace Coffer.EndToEnd.Tests;

/// <summary>
/// The built-in key service through the KMS API on Coffer's endpoint, as AWSSDK.KeyManagementService and the aws CLI
/// reach AWS KMS: keys, aliases, data keys, encryption with a context, states, rotation and deletion, IAM policies on
/// key ARNs, and KMS's own errors for what is wrong or not built.
/// </summary>
[Trait(PostgresSubset.Trait, PostgresSubset.Value)]
public sealed class KeyServiceTests(CofferServer server) : IClassFixture<CofferServer>, IDisposable
{
    private const string KmsJsonType = "application/x-amz-json-1.1";

    private readonly AmazonKeyManagementServiceClient _kms = server.CreateKmsClient();

    private readonly AwsCli _cli = new(server);

    public void Dispose() => _kms.Dispose();

    [Fact]
    public async Task Sdk_CreateKeyAliasAndDataKey_DecryptsWithTheSameContextOnly()
    {
        var created = await _kms.CreateKeyAsync(new CreateKeyRequest { Description = "photos" });
        var alias = "alias/photos-" + Guid.NewGuid().ToString("N")[..8];
        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = created.KeyMetadata.KeyId });
        var context = new Dictionary<string, string> { ["bucket"] = "photos" };

        var dataKey = await _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = alias, KeySpec = DataKeySpec.AES_256, EncryptionContext = context });
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = dataKey.CiphertextBlob, EncryptionContext = context });
        var wrongContext = await Assert.ThrowsAsync<InvalidCiphertextException>(() =>
            _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = Rewind(dataKey.CiphertextBlob), EncryptionContext = new Dictionary<string, string> { ["bucket"] = "other" } }));

        Assert.Equal(KeyState.Enabled, created.KeyMetadata.KeyState);
        Assert.Equal(KeyManagerType.CUSTOMER, created.KeyMetadata.KeyManager);
        Assert.Equal($"arn:aws:kms:{CofferServer.Region}:{server.AccountId}:key/{created.KeyMetadata.KeyId}", created.KeyMetadata.Arn);
        Assert.Equal(created.KeyMetadata.Arn, dataKey.KeyId);
        Assert.Equal(32, dataKey.Plaintext.Length);
        Assert.Equal(dataKey.Plaintext.ToArray(), decrypted.Plaintext.ToArray());
        Assert.Equal(created.KeyMetadata.Arn, decrypted.KeyId);
        Assert.Equal(HttpStatusCode.BadRequest, wrongContext.StatusCode);
        var aliases = await _kms.ListAliasesAsync(new ListAliasesRequest { KeyId = created.KeyMetadata.KeyId });
        Assert.Equal([alias], aliases.Aliases.Select(a => a.AliasName));
    }

    [Fact]
    public async Task Sdk_DisabledThenScheduledForDeletion_RefusesUseWithKmsErrors()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId;
        var plaintext = new MemoryStream(Encoding.UTF8.GetBytes("secret"));
        var sealedOnce = await _kms.EncryptAsync(new EncryptRequest { KeyId = key, Plaintext = plaintext });

        await _kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key });
        await Assert.ThrowsAsync<DisabledException>(() => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = Rewind(sealedOnce.CiphertextBlob) }));
        var scheduled = await _kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key, PendingWindowInDays = 7 });
        await Assert.ThrowsAsync<KMSInvalidStateException>(() => _kms.EncryptAsync(new EncryptRequest { KeyId = key, Plaintext = new MemoryStream([1]) }));
        await Assert.ThrowsAsync<KMSInvalidStateException>(() => _kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key }));
        await _kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key });
        var described = await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key });
        await _kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key });
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = Rewind(sealedOnce.CiphertextBlob) });

        Assert.Equal(KeyState.PendingDeletion, scheduled.KeyState);
        Assert.Equal(7, scheduled.PendingWindowInDays);
        Assert.InRange(scheduled.DeletionDate!.Value, DateTime.UtcNow.AddDays(6.9), DateTime.UtcNow.AddDays(7.1));
        Assert.Equal(KeyState.Disabled, described.KeyMetadata.KeyState);
        Assert.Equal("secret", Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
    }

    [Fact]
    public async Task Sdk_RotationStatusAndListKeysPaging_AsKms()
    {
        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            keys.Add((await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId);
        }

        await _kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = keys[0], RotationPeriodInDays = 180 });
        var enabled = await _kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keys[0] });
        var disabled = await _kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keys[1] });
        var listed = new List<string>();
        string? marker = null;
        do
        {
            var page = await _kms.ListKeysAsync(new ListKeysRequest { Limit = 2, Marker = marker });
            Assert.True(page.Keys.Count <= 2);
            listed.AddRange(page.Keys.Select(k => k.KeyId));
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);

        Assert.True(enabled.KeyRotationEnabled);
        Assert.Equal(180, enabled.RotationPeriodInDays);
        Assert.False(disabled.KeyRotationEnabled);
        Assert.Subset(listed.ToHashSet(), keys.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task Sdk_UnknownKeyAliasOrUnsupportedMember_GetsKmsErrors()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata.KeyId;

        await Assert.ThrowsAsync<NotFoundException>(() => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = Guid.NewGuid().ToString() }));
        await Assert.ThrowsAsync<NotFoundException>(() => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/none" }));
        await Assert.ThrowsAsync<InvalidAliasNameException>(() => _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/aws/s3", TargetKeyId = key }));
        await Assert.ThrowsAsync<UnsupportedOperationException>(() => _kms.CreateKeyAsync(new CreateKeyRequest { Policy = "{}" }));
        await Assert.ThrowsAsync<UnsupportedOperationException>(() => _kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.RSA_2048, KeyUsage = KeyUsageType.ENCRYPT_DECRYPT }));
        var tag = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => _kms.TagResourceAsync(new TagResourceRequest { KeyId = key, Tags = [new Tag { TagKey = "a", TagValue = "b" }] }));
        Assert.Equal("UnsupportedOperationException", tag.ErrorCode);
        var scheduled = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => _kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key, PendingWindowInDays = 3 }));
        Assert.Equal("ValidationException", scheduled.ErrorCode);
        Assert.Equal(KeyState.Enabled, (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key })).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task Sdk_UserWithPolicyOnOneKey_MayUseThatKeyOnly()
    {
        var allowed = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var other = (await _kms.CreateKeyAsync(new CreateKeyRequest())).KeyMetadata;
        var policy = JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[] { new { Effect = "Allow", Action = new[] { "kms:Encrypt", "kms:Decrypt", "kms:DescribeKey" }, Resource = allowed.Arn } },
        });
        var user = await new IamUsers(server).CreateAsync("kms-user-" + Guid.NewGuid().ToString("N")[..8], policy);
        using var kms = server.CreateKmsClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey));

        var sealedByUser = await kms.EncryptAsync(new EncryptRequest { KeyId = allowed.KeyId, Plaintext = new MemoryStream([4, 2]) });
        var opened = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = sealedByUser.CiphertextBlob });
        var otherKey = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => kms.EncryptAsync(new EncryptRequest { KeyId = other.KeyId, Plaintext = new MemoryStream([1]) }));
        var disable = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => kms.DisableKeyAsync(new DisableKeyRequest { KeyId = allowed.KeyId }));
        var create = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => kms.CreateKeyAsync(new CreateKeyRequest()));

        Assert.Equal([4, 2], opened.Plaintext.ToArray());
        Assert.All([otherKey, disable, create], e => Assert.Equal("AccessDeniedException", e.ErrorCode));
        Assert.Equal(KeyState.Enabled, (await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = allowed.KeyId })).KeyMetadata.KeyState);
    }

    [Fact]
    public async Task AwsCli_CreateKeyAliasEncryptDecrypt_RoundTrips()
    {
        var created = JsonDocument.Parse(await _cli.RunCheckedAsync("kms", "create-key", "--description", "cli key"));
        var keyId = created.RootElement.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        var alias = "alias/cli-" + Guid.NewGuid().ToString("N")[..8];
        await _cli.RunCheckedAsync("kms", "create-alias", "--alias-name", alias, "--target-key-id", keyId);
        var plaintextFile = Path.GetTempFileName();
        var ciphertextFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(plaintextFile, "from the aws CLI");

            var ciphertext = (await _cli.RunCheckedAsync(
                "kms", "encrypt", "--key-id", alias, "--plaintext", "fileb://" + plaintextFile, "--encryption-context", "app=cli", "--query", "CiphertextBlob", "--output", "text")).Trim();
            await File.WriteAllBytesAsync(ciphertextFile, Convert.FromBase64String(ciphertext));
            var plaintext = (await _cli.RunCheckedAsync(
                "kms", "decrypt", "--ciphertext-blob", "fileb://" + ciphertextFile, "--encryption-context", "app=cli", "--query", "Plaintext", "--output", "text")).Trim();
            var described = await _cli.RunCheckedAsync("kms", "describe-key", "--key-id", alias, "--query", "KeyMetadata.Description", "--output", "text");
            var missing = await _cli.RunAsync("kms", "describe-key", "--key-id", "alias/not-there");

            Assert.Equal("from the aws CLI", Encoding.UTF8.GetString(Convert.FromBase64String(plaintext)));
            Assert.Equal("cli key", described.Trim());
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("NotFoundException", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(plaintextFile);
            File.Delete(ciphertextFile);
        }
    }

    [Theory]
    [InlineData("TrentService.CreateKey", "{not json", "SerializationException")]
    [InlineData("TrentService.CreateKey", "[1,2]", "SerializationException")]
    [InlineData("TrentService.DescribeKey", "{\"KeyId\":42}", "SerializationException")]
    [InlineData("TrentService.DescribeKey", "{}", "ValidationException")]
    [InlineData("TrentService.Encrypt", "{\"KeyId\":\"alias/x\",\"Plaintext\":\"***\"}", "SerializationException")]
    [InlineData("TrentService.NoSuchThing", "{}", "UnknownOperationException")]
    [InlineData("TrentService.CreateGrant", "{}", "UnsupportedOperationException")]
    public async Task RawJson_MalformedOrUnknown_GetsKmsErrorAndMakesNoKey(string target, string body, string expectedType)
    {
        var before = (await _kms.ListKeysAsync(new ListKeysRequest { Limit = 1000 })).Keys.Count;

        var (status, type) = await PostSignedAsync(target, body);

        Assert.Equal((HttpStatusCode.BadRequest, expectedType), (status, type));
        Assert.Equal(before, (await _kms.ListKeysAsync(new ListKeysRequest { Limit = 1000 })).Keys.Count);
    }

    [Fact]
    public async Task RawJson_Unsigned_IsMissingAuthenticationToken()
    {
        using var http = server.CreateHttpClient();
        using var content = new StringContent("{}");
        content.Headers.ContentType = new MediaTypeHeaderValue(KmsJsonType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.Add("X-Amz-Target", "TrentService.ListKeys");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("__type").GetString());
    }

    /// <summary>A KMS call with a body of the test's choosing, signed as the SDK signs one.</summary>
    private async Task<(HttpStatusCode Status, string? Type)> PostSignedAsync(string target, string body)
    {
        using var http = server.CreateHttpClient();
        var bytes = Encoding.UTF8.GetBytes(body);
        var host = $"{server.Endpoint.Host}:{server.Endpoint.Port}";
        var payloadHash = SigV4Signer.Sha256Hex(bytes);
        var signature = new SigV4Signer(server.AccessKey, server.SecretKey, CofferServer.Region, "kms").SignHeaders(
            "POST", "/", "", [("content-type", KmsJsonType), ("host", host), ("x-amz-target", target)], payloadHash, DateTime.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(KmsJsonType);
        request.Headers.Add("X-Amz-Target", target);
        request.Headers.Add("X-Amz-Date", signature.AmzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        using var response = await http.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(json).RootElement.GetProperty("__type").GetString());
    }

    /// <summary>The SDK reads a response's blob into a stream left at its end; a second call must read it from the start.</summary>
    private static MemoryStream Rewind(MemoryStream blob)
    {
        blob.Position = 0;
        return blob;
    }
}
