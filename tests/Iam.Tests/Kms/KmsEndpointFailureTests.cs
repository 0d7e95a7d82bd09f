using System.Net;
using System.Text;
using System.Text.Json;

using Coffer.Engine.Encryption;
using Coffer.Engine.Errors;
using Coffer.Engine.Kms;
using Coffer.Engine.Ports;
using Coffer.Iam.Kms;
using Coffer.Iam.Tests.Support;

using Microsoft.AspNetCore.Http;

namespace Coffer.Iam.Tests.Kms;

/// <summary>The key service answering a failure of its own store as KMS does: a JSON KMSInternalException, never S3's XML.</summary>
public sealed class KmsEndpointFailureTests : IAsyncLifetime
{
    private IamHarness? _iam;

    public async Task InitializeAsync() => _iam = await IamHarness.OpenAsync();

    public async Task DisposeAsync() => await _iam!.DisposeAsync();

    [Fact]
    public async Task HandleAsync_WhenTheStoreFails_AnswersKmsInternalExceptionAsJson()
    {
        using var masterKeys = new MasterKeyring(new byte[MasterKeyring.KeySize]);
        var keys = new KeyService(new FailingKmsStore(() => new IOException("The disk is gone.")), masterKeys, TimeProvider.System, new KmsArns("us-east-1", IamHarness.AccountId));
        var endpoint = new KmsEndpoint(keys, new IdentityPolicies(_iam!.Store), TimeProvider.System);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        var body = new MemoryStream();
        context.Response.Body = body;

        await endpoint.HandleAsync(context, "TrentService.ListKeys", "{}"u8.ToArray(), new IamCaller(IamHarness.Root), "req-1");

        using var answer = JsonDocument.Parse(Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("KMSInternalException", answer.RootElement.GetProperty("__type").GetString());
        Assert.Equal("KMSInternalException", context.Response.Headers["x-amzn-ErrorType"].ToString());
        Assert.DoesNotContain("disk", answer.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EngineError.MetadataMoved)]
    [InlineData(EngineError.MetadataUnavailable)]
    public async Task HandleAsync_WhenTheStoreIsGoneForAMoment_LeavesTheRefusalToTheCallersServiceUnavailable(EngineError code)
    {
        using var masterKeys = new MasterKeyring(new byte[MasterKeyring.KeySize]);
        var keys = new KeyService(new FailingKmsStore(() => new EngineException(code)), masterKeys, TimeProvider.System, new KmsArns("us-east-1", IamHarness.AccountId));
        var endpoint = new KmsEndpoint(keys, new IdentityPolicies(_iam!.Store), TimeProvider.System);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;

        var refused = await Assert.ThrowsAsync<EngineException>(() =>
            endpoint.HandleAsync(context, "TrentService.ListKeys", "{}"u8.ToArray(), new IamCaller(IamHarness.Root), "req-1"));

        Assert.Equal(code, refused.Code);
        Assert.False(context.Response.HasStarted);
    }

    /// <summary>A store every call of which fails with <paramref name="failure"/>: a disk gone, a database moved away.</summary>
    private sealed class FailingKmsStore(Func<Exception> failure) : IKmsStore
    {
        private Exception Gone => failure();

        public Task CreateKmsKeyAsync(KmsKey key, KmsKeyMaterial material, CancellationToken cancellationToken) => throw Gone;

        public Task<KmsKey?> GetKmsKeyAsync(string keyId, CancellationToken cancellationToken) => throw Gone;

        public Task<IReadOnlyList<KmsKey>> ListKmsKeysAsync(string? after, int limit, CancellationToken cancellationToken) => throw Gone;

        public Task<bool> UpdateKmsKeyAsync(KmsKey key, CancellationToken cancellationToken) => throw Gone;

        public Task<bool> RotateKmsKeyAsync(KmsKey rotated, KmsKeyMaterial material, CancellationToken cancellationToken) => throw Gone;

        public Task<IReadOnlyList<KmsKeyMaterial>> GetKmsKeyMaterialAsync(string keyId, CancellationToken cancellationToken) => throw Gone;

        public Task DeleteKmsKeyAsync(string keyId, CancellationToken cancellationToken) => throw Gone;

        public Task<bool> CreateKmsAliasAsync(KmsAlias alias, CancellationToken cancellationToken) => throw Gone;

        public Task<KmsAlias?> GetKmsAliasAsync(string aliasName, CancellationToken cancellationToken) => throw Gone;

        public Task<IReadOnlyList<KmsAlias>> ListKmsAliasesAsync(string? keyId, string? after, int limit, CancellationToken cancellationToken) => throw Gone;

        public Task<bool> UpdateKmsAliasAsync(string aliasName, string keyId, DateTimeOffset updated, CancellationToken cancellationToken) => throw Gone;

        public Task<bool> DeleteKmsAliasAsync(string aliasName, CancellationToken cancellationToken) => throw Gone;
    }
}
