using System.Security.Cryptography;

using Coffer.Engine.Contract.Tests.Sqlite;
using Coffer.Engine.Identity;
using Coffer.Engine.Sqlite;

namespace Coffer.Engine.Contract.Tests.Identity;

/// <summary>IAM's rules for users and keys, over the real SQLite store.</summary>
public sealed class IdentityEngineTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly SqliteHarness _harness = new();
    private SqliteMetadataStore? _store;
    private SecretBox? _secrets;
    private IdentityEngine? _engine;

    private IdentityEngine Engine => _engine ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _store = (SqliteMetadataStore)await _harness.OpenAsync();
        _secrets = new SecretBox(RandomNumberGenerator.GetBytes(SecretBox.KeySize));
        _engine = new IdentityEngine(_store, _secrets, TimeProvider.System, "123456789012");
    }

    public async Task DisposeAsync()
    {
        _secrets?.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task CreateUserAsync_ValidName_HasAnIamIdAndArn()
    {
        var user = await Engine.CreateUserAsync("alice@example.com", "/staff/", None);

        Assert.Matches("^AIDA[A-Z2-7]{17}$", user.Id);
        Assert.Equal("arn:aws:iam::123456789012:user/staff/alice@example.com", Engine.ArnOf(user));
        Assert.Equal(user, await Engine.GetUserAsync("ALICE@example.com", None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ünïcode")]
    public async Task CreateUserAsync_InvalidName_IsValidationError(string name)
    {
        var error = await Assert.ThrowsAsync<IdentityException>(() => Engine.CreateUserAsync(name, null, None));

        Assert.Equal(IdentityError.ValidationError, error.Code);
    }

    [Fact]
    public async Task CreateUserAsync_Twice_IsEntityAlreadyExists()
    {
        await Engine.CreateUserAsync("alice", null, None);

        var error = await Assert.ThrowsAsync<IdentityException>(() => Engine.CreateUserAsync("Alice", null, None));

        Assert.Equal(IdentityError.EntityAlreadyExists, error.Code);
    }

    [Fact]
    public async Task CreateAccessKeyAsync_NewKey_IsFoundActiveWithTheSameSecretAndStoredSealed()
    {
        await Engine.CreateUserAsync("alice", null, None);

        var created = await Engine.CreateAccessKeyAsync("alice", None);

        Assert.Matches("^AKIA[A-Z2-7]{16}$", created.Key.AccessKeyId);
        Assert.Equal(40, created.SecretAccessKey.Length);
        Assert.Equal(new ActiveKey(created.Key.AccessKeyId, "alice", created.SecretAccessKey), await Engine.FindActiveKeyAsync(created.Key.AccessKeyId, None));
        var stored = await _store!.GetAccessKeyAsync(created.Key.AccessKeyId, None);
        Assert.DoesNotContain(created.SecretAccessKey, System.Text.Encoding.UTF8.GetString(stored!.SealedSecret), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindActiveKeyAsync_InactiveOrUnknownKey_IsNull()
    {
        await Engine.CreateUserAsync("alice", null, None);
        var created = await Engine.CreateAccessKeyAsync("alice", None);
        await _store!.SetAccessKeyActiveAsync("alice", created.Key.AccessKeyId, false, None);

        Assert.Null(await Engine.FindActiveKeyAsync(created.Key.AccessKeyId, None));
        Assert.Null(await Engine.FindActiveKeyAsync("AKIANOTAKEY", None));
    }

    [Fact]
    public async Task CreateAccessKeyAsync_ThirdKeyOrUnknownUser_IsRefused()
    {
        await Engine.CreateUserAsync("alice", null, None);
        await Engine.CreateAccessKeyAsync("alice", None);
        await Engine.CreateAccessKeyAsync("alice", None);

        var third = await Assert.ThrowsAsync<IdentityException>(() => Engine.CreateAccessKeyAsync("alice", None));
        var unknown = await Assert.ThrowsAsync<IdentityException>(() => Engine.CreateAccessKeyAsync("bob", None));

        Assert.Equal(IdentityError.LimitExceeded, third.Code);
        Assert.Equal(IdentityError.NoSuchEntity, unknown.Code);
    }

    [Fact]
    public async Task DeleteUserAsync_WithAKey_IsDeleteConflict()
    {
        await Engine.CreateUserAsync("alice", null, None);
        await Engine.CreateAccessKeyAsync("alice", None);

        var error = await Assert.ThrowsAsync<IdentityException>(() => Engine.DeleteUserAsync("alice", None));

        Assert.Equal(IdentityError.DeleteConflict, error.Code);
        Assert.NotNull(await Engine.GetUserAsync("alice", None));
    }
}
