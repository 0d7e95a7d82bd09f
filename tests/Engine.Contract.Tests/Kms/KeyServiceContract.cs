using System.Security.Cryptography;
using System.Text;

using Coffer.Engine.Contract.Tests.MetadataStore;
using Coffer.Engine.Encryption;
using Coffer.Engine.Kms;
using Coffer.Engine.Ports;
using Coffer.TestKit;

namespace Coffer.Engine.Contract.Tests.Kms;

/// <summary>The key service's rules over a real store: states, aliases, rotation, deletion, and what ciphertexts bind.</summary>
public abstract class KeyServiceContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private static readonly IReadOnlyDictionary<string, string> Context = new Dictionary<string, string> { ["bucket"] = "photos", ["key"] = "a.jpg" };

    private readonly ManualClock _clock = new();

    // The same master key across a reopen, as a restarted server has.
    private readonly MasterKeyring _master = new(RandomNumberGenerator.GetBytes(32));

    private KeyService Keys => new((IKmsStore)Store, _master, _clock, new KmsArns("us-east-1", "123456789012"));

    [Fact]
    public async Task CreateKey_ThenDescribeByIdArnAndAlias_FindsTheSameEnabledKey()
    {
        var key = await Keys.CreateKeyAsync("backups", None);
        await Keys.CreateAliasAsync("alias/backups", key.Id, None);

        foreach (var name in (string[])[key.Id, Keys.Arns.Key(key.Id), "alias/backups", Keys.Arns.Alias("alias/backups")])
        {
            var found = await Keys.DescribeKeyAsync(name, None);
            Assert.Equal(key, found);
        }

        Assert.Equal(KmsKeyState.Enabled, key.State);
        Assert.Equal(KmsKeyManager.Customer, key.Manager);
        Assert.Equal("backups", key.Description);
        Assert.False(key.RotationEnabled);
    }

    [Fact]
    public async Task CreateKey_DescriptionWithANul_IsAValidationErrorAndCreatesNothing()
    {
        var refused = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.CreateKeyAsync("back\0ups", None));

        Assert.Equal(KeyServiceError.Validation, refused.Error);
        Assert.Empty((await Keys.ListKeysAsync(null, null, None)).Keys);
    }

    [Theory]
    [InlineData("arn:aws:kms:eu-west-1:123456789012:key/5b1c7c52-8a1d-4c36-9d3e-7a2f2f0d9c11")]
    [InlineData("arn:aws:kms:us-east-1:999999999999:alias/backups")]
    [InlineData("5b1c7c52-8a1d-4c36-9d3e-7a2f2f0d9c11")]
    [InlineData("alias/none")]
    public async Task DescribeKey_OtherRegionAccountOrUnknown_IsNotFound(string name)
    {
        var key = await Keys.CreateKeyAsync("", None);
        await Keys.CreateAliasAsync("alias/backups", key.Id, None);

        var error = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DescribeKeyAsync(name, None));

        Assert.Equal(KeyServiceError.NotFound, error.Error);
    }

    [Fact]
    public async Task EncryptThenDecrypt_WithTheSameContext_GivesThePlaintextAndTheKey()
    {
        var key = await Keys.CreateKeyAsync("", None);
        var plaintext = Encoding.UTF8.GetBytes("the quick brown fox");

        var (by, ciphertext) = await Keys.EncryptAsync(key.Id, plaintext, Context, None);
        var reordered = new Dictionary<string, string> { ["key"] = "a.jpg", ["bucket"] = "photos" };
        var (opener, opened) = await Keys.DecryptAsync(ciphertext, reordered, keyId: null, None);

        Assert.Equal(key.Id, by.Id);
        Assert.Equal(key.Id, opener.Id);
        Assert.Equal(plaintext, opened);
        Assert.DoesNotContain("quick brown", Encoding.UTF8.GetString(ciphertext), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_OtherContextAlteredBytesOrForeignBlob_IsInvalidCiphertext()
    {
        var key = await Keys.CreateKeyAsync("", None);
        var (_, ciphertext) = await Keys.EncryptAsync(key.Id, new byte[] { 1, 2, 3 }, Context, None);
        var flipped = (byte[])ciphertext.Clone();
        flipped[^1] ^= 1;

        foreach (var (blob, context) in (IEnumerable<(byte[], IReadOnlyDictionary<string, string>?)>)[
            (ciphertext, null),
            (ciphertext, new Dictionary<string, string> { ["bucket"] = "photos", ["key"] = "b.jpg" }),
            (flipped, Context),
            (RandomNumberGenerator.GetBytes(60), Context),
            ([], Context)])
        {
            var error = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DecryptAsync(blob, context, keyId: null, None));
            Assert.Equal(KeyServiceError.InvalidCiphertext, error.Error);
        }
    }

    [Fact]
    public async Task Decrypt_NamingAnotherKey_IsIncorrectKey()
    {
        var first = await Keys.CreateKeyAsync("", None);
        var second = await Keys.CreateKeyAsync("", None);
        var (_, ciphertext) = await Keys.EncryptAsync(first.Id, new byte[] { 7 }, null, None);

        var error = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DecryptAsync(ciphertext, null, second.Id, None));

        Assert.Equal(KeyServiceError.IncorrectKey, error.Error);
        Assert.Equal([7], (await Keys.DecryptAsync(ciphertext, null, first.Id, None)).Plaintext);
    }

    [Fact]
    public async Task DisabledKey_RefusesEncryptAndDecryptUntilEnabled()
    {
        var key = await Keys.CreateKeyAsync("", None);
        var (_, ciphertext) = await Keys.EncryptAsync(key.Id, new byte[] { 1 }, null, None);

        await Keys.DisableKeyAsync(key.Id, None);

        Assert.Equal(KeyServiceError.Disabled, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.EncryptAsync(key.Id, new byte[] { 1 }, null, None))).Error);
        Assert.Equal(KeyServiceError.Disabled, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DecryptAsync(ciphertext, null, null, None))).Error);
        await Keys.EnableKeyAsync(key.Id, None);
        Assert.Equal([1], (await Keys.DecryptAsync(ciphertext, null, null, None)).Plaintext);
    }

    [Fact]
    public async Task ScheduledDeletion_RefusesUseAndEnabling_CancelLeavesItDisabled()
    {
        var key = await Keys.CreateKeyAsync("", None);

        var pending = await Keys.ScheduleKeyDeletionAsync(key.Id, 7, None);

        Assert.Equal(KmsKeyState.PendingDeletion, pending.State);
        Assert.Equal(_clock.GetUtcNow().AddDays(7), pending.DeletionDate);
        Assert.Equal(KeyServiceError.InvalidState, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.EncryptAsync(key.Id, new byte[] { 1 }, null, None))).Error);
        Assert.Equal(KeyServiceError.InvalidState, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.EnableKeyAsync(key.Id, None))).Error);
        Assert.Equal(KeyServiceError.InvalidState, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.ScheduleKeyDeletionAsync(key.Id, 7, None))).Error);

        var cancelled = await Keys.CancelKeyDeletionAsync(key.Id, None);

        Assert.Equal(KmsKeyState.Disabled, cancelled.State);
        Assert.Null(cancelled.DeletionDate);
        Assert.Equal(KeyServiceError.InvalidState, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.CancelKeyDeletionAsync(key.Id, None))).Error);
    }

    [Fact]
    public async Task ScheduledDeletion_AfterTheWindow_TheKeyAndItsAliasesAreGone()
    {
        var key = await Keys.CreateKeyAsync("", None);
        var other = await Keys.CreateKeyAsync("", None);
        await Keys.CreateAliasAsync("alias/doomed", key.Id, None);
        var (_, ciphertext) = await Keys.EncryptAsync(key.Id, new byte[] { 1 }, null, None);
        await Keys.ScheduleKeyDeletionAsync(key.Id, 7, None);

        _clock.Advance(TimeSpan.FromDays(7));

        Assert.Equal([other.Id], (await Keys.ListKeysAsync(null, null, None)).Keys.Select(k => k.Id));
        Assert.Equal(KeyServiceError.NotFound, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DescribeKeyAsync(key.Id, None))).Error);
        Assert.Equal(KeyServiceError.NotFound, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DecryptAsync(ciphertext, null, null, None))).Error);
        Assert.Empty((await Keys.ListAliasesAsync(null, null, null, None)).Aliases);
        Assert.Empty(await ((IKmsStore)Store).GetKmsKeyMaterialAsync(key.Id, None));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(31)]
    public async Task ScheduleKeyDeletion_WindowOutside7To30_IsValidationAndChangesNothing(int days)
    {
        var key = await Keys.CreateKeyAsync("", None);

        var error = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.ScheduleKeyDeletionAsync(key.Id, days, None));

        Assert.Equal(KeyServiceError.Validation, error.Error);
        Assert.Equal(KmsKeyState.Enabled, (await Keys.DescribeKeyAsync(key.Id, None)).State);
    }

    [Fact]
    public async Task Rotation_WhenDue_AddsMaterialAndOlderCiphertextsStillDecrypt()
    {
        var key = await Keys.CreateKeyAsync("", None);
        await Keys.EnableKeyRotationAsync(key.Id, 90, None);
        var (_, before) = await Keys.EncryptAsync(key.Id, new byte[] { 1 }, null, None);

        _clock.Advance(TimeSpan.FromDays(90));
        var (rotated, after) = await Keys.EncryptAsync(key.Id, new byte[] { 2 }, null, None);

        Assert.Equal(2, (await ((IKmsStore)Store).GetKmsKeyMaterialAsync(key.Id, None)).Count);
        Assert.Equal(_clock.GetUtcNow().AddDays(90), rotated.NextRotation);
        Assert.NotEqual(DataKeyWrapper.ReadKeyId(before), DataKeyWrapper.ReadKeyId(after));
        Assert.Equal([1], (await Keys.DecryptAsync(before, null, null, None)).Plaintext);
        Assert.Equal([2], (await Keys.DecryptAsync(after, null, null, None)).Plaintext);
    }

    [Fact]
    public async Task Rotation_NotDue_KeepsOneMaterial()
    {
        var key = await Keys.CreateKeyAsync("", None);
        await Keys.EnableKeyRotationAsync(key.Id, null, None);

        _clock.Advance(TimeSpan.FromDays(364));
        await Keys.EncryptAsync(key.Id, new byte[] { 1 }, null, None);

        Assert.Single(await ((IKmsStore)Store).GetKmsKeyMaterialAsync(key.Id, None));
        Assert.Equal(365, (await Keys.GetKeyRotationStatusAsync(key.Id, None)).RotationPeriodDays);
    }

    [Fact]
    public async Task Aliases_CreateUpdateDelete_AsKms()
    {
        var first = await Keys.CreateKeyAsync("", None);
        var second = await Keys.CreateKeyAsync("", None);
        await Keys.CreateAliasAsync("alias/app", first.Id, None);

        Assert.Equal(KeyServiceError.AlreadyExists, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.CreateAliasAsync("alias/app", second.Id, None))).Error);

        await Keys.UpdateAliasAsync("alias/app", second.Id, None);
        Assert.Equal(second.Id, (await Keys.DescribeKeyAsync("alias/app", None)).Id);
        Assert.Equal(["alias/app"], (await Keys.ListAliasesAsync(second.Id, null, null, None)).Aliases.Select(a => a.Name));
        Assert.Empty((await Keys.ListAliasesAsync(first.Id, null, null, None)).Aliases);

        await Keys.DeleteAliasAsync("alias/app", None);
        Assert.Equal(KeyServiceError.NotFound, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DeleteAliasAsync("alias/app", None))).Error);
    }

    [Theory]
    [InlineData("app", KeyServiceError.InvalidAliasName)]
    [InlineData("alias/", KeyServiceError.InvalidAliasName)]
    [InlineData("alias/aws/s3", KeyServiceError.InvalidAliasName)]
    [InlineData("alias/white space", KeyServiceError.Validation)]
    [InlineData("", KeyServiceError.Validation)]
    public async Task CreateAlias_BadName_IsRefusedAndNothingIsMade(string name, KeyServiceError expected)
    {
        var key = await Keys.CreateKeyAsync("", None);

        var error = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.CreateAliasAsync(name, key.Id, None));

        Assert.Equal(expected, error.Error);
        Assert.Empty((await Keys.ListAliasesAsync(null, null, null, None)).Aliases);
    }

    [Fact]
    public async Task CreateAlias_TargetIsAnAlias_IsNotFound()
    {
        var key = await Keys.CreateKeyAsync("", None);
        await Keys.CreateAliasAsync("alias/one", key.Id, None);

        var error = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.CreateAliasAsync("alias/two", "alias/one", None));

        Assert.Equal(KeyServiceError.NotFound, error.Error);
    }

    [Fact]
    public async Task ListKeys_InPages_ListsEveryKeyOnceInOrder()
    {
        var made = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            made.Add((await Keys.CreateKeyAsync("", None)).Id);
        }

        var listed = new List<string>();
        string? marker = null;
        do
        {
            var (page, next) = await Keys.ListKeysAsync(3, marker, None);
            Assert.True(page.Count <= 3);
            listed.AddRange(page.Select(k => k.Id));
            marker = next;
        }
        while (marker is not null);

        Assert.Equal(made.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task ManagedKey_MadeOnFirstUse_IsAwsManagedAndCannotBeChanged()
    {
        var key = await Keys.ManagedKeyAsync("alias/aws/s3", None);
        var again = await Keys.ManagedKeyAsync("alias/aws/s3", None);

        Assert.Equal(key.Id, again.Id);
        Assert.Equal(KmsKeyManager.Aws, key.Manager);
        Assert.True(key.RotationEnabled);
        Assert.Equal(key.Id, (await Keys.DescribeKeyAsync("alias/aws/s3", None)).Id);
        Assert.Equal(KeyServiceError.ManagedByAws, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.DisableKeyAsync(key.Id, None))).Error);
        Assert.Equal(KeyServiceError.ManagedByAws, (await Assert.ThrowsAsync<KeyServiceException>(() => Keys.ScheduleKeyDeletionAsync(key.Id, 7, None))).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public async Task GenerateDataKey_ByteCountOutOfRange_IsValidation(int bytes)
    {
        var key = await Keys.CreateKeyAsync("", None);

        var error = await Assert.ThrowsAsync<KeyServiceException>(() => Keys.GenerateDataKeyAsync(key.Id, bytes, null, true, None));

        Assert.Equal(KeyServiceError.Validation, error.Error);
    }

    [Fact]
    public async Task GenerateDataKey_CiphertextDecryptsToThePlaintext()
    {
        var key = await Keys.CreateKeyAsync("", None);

        var withPlaintext = await Keys.GenerateDataKeyAsync(key.Id, 32, Context, withPlaintext: true, None);
        var without = await Keys.GenerateDataKeyAsync(key.Id, 16, Context, withPlaintext: false, None);

        Assert.Equal(withPlaintext.Plaintext, (await Keys.DecryptAsync(withPlaintext.Ciphertext, Context, null, None)).Plaintext);
        Assert.Null(without.Plaintext);
        Assert.Equal(16, (await Keys.DecryptAsync(without.Ciphertext, Context, null, None)).Plaintext.Length);
    }

    [Fact]
    public async Task ReEncrypt_MovesACiphertextToAnotherKeyAndContext()
    {
        var from = await Keys.CreateKeyAsync("", None);
        var to = await Keys.CreateKeyAsync("", None);
        var (_, ciphertext) = await Keys.EncryptAsync(from.Id, new byte[] { 9, 9 }, Context, None);

        var (source, destination, moved) = await Keys.ReEncryptAsync(ciphertext, Context, null, to.Id, null, None);

        Assert.Equal((from.Id, to.Id), (source.Id, destination.Id));
        Assert.Equal([9, 9], (await Keys.DecryptAsync(moved, null, to.Id, None)).Plaintext);
    }

    [Fact]
    public async Task KeysSurviveARestart()
    {
        var key = await Keys.CreateKeyAsync("kept", None);
        var (_, ciphertext) = await Keys.EncryptAsync(key.Id, new byte[] { 5 }, null, None);

        await ReopenAsync();

        Assert.Equal([5], (await Keys.DecryptAsync(ciphertext, null, null, None)).Plaintext);
        Assert.Equal("kept", (await Keys.DescribeKeyAsync(key.Id, None)).Description);
    }
}
