using Coffer.Engine.Contract.Tests.MetadataStore;
using Coffer.Engine.Identity;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Contract.Tests.Identity;

/// <summary>The identity store contract: IAM's entities, their dependencies and the policies that apply to a user.</summary>
public abstract class IdentityStoreContract<THarness> : MetadataStoreContract<THarness>
    where THarness : IMetadataStoreHarness, new()
{
    private const string Allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private IIdentityStore Identity => (IIdentityStore)Store;

    [Fact]
    public async Task CreatePrincipalAsync_ThenGetInAnotherCase_ReturnsEveryField()
    {
        var role = Principal(PrincipalKind.Role, "Uploader") with { Path = "/apps/", TrustPolicy = Allow, MaxSessionSeconds = 7200 };

        Assert.Equal(IdentityStatus.Done, await Identity.CreatePrincipalAsync(role, None));

        Assert.Equal(role, await Identity.GetPrincipalAsync(PrincipalKind.Role, "uploader", None));
        Assert.Null(await Identity.GetPrincipalAsync(PrincipalKind.User, "Uploader", None));
    }

    [Fact]
    public async Task CreatePrincipalAsync_SameNameInAnotherCase_AlreadyExists()
    {
        await CreateUserAsync("alice");

        Assert.Equal(IdentityStatus.AlreadyExists, await Identity.CreatePrincipalAsync(Principal(PrincipalKind.User, "ALICE"), None));
        Assert.Equal(IdentityStatus.Done, await Identity.CreatePrincipalAsync(Principal(PrincipalKind.Group, "alice"), None));
    }

    // IAM names are ASCII, and only A-Z folds; a locale's lower() would fold the Kelvin sign (U+212A) to an ASCII "k".
    [Fact]
    public async Task GetPrincipalAsync_NameWithANonAsciiLetterThatFoldsToAscii_FindsNoAsciiName()
    {
        await CreateUserAsync("key");
        await Identity.CreateAccessKeyAsync(Key("AKKEY", "key"), 2, None);
        await Identity.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.User, "key", "kind", Allow), None);

        Assert.Null(await Identity.GetPrincipalAsync(PrincipalKind.User, "\u212Aey", None));
        Assert.Empty(await Identity.ListAccessKeysAsync("\u212AEY", None));
        Assert.Null(await Identity.GetInlinePolicyAsync(PrincipalKind.User, "key", "\u212Aind", None));
        Assert.Empty(await Identity.PolicyDocumentsForUserAsync("\u212Aey", None));
        Assert.Equal(IdentityStatus.NotFound, await Identity.DeleteAccessKeyAsync("\u212Aey", "AKKEY", None));
        Assert.Equal(IdentityStatus.Done, await Identity.CreatePrincipalAsync(Principal(PrincipalKind.User, "\u212Aey"), None));
        Assert.Equal(IdentityStatus.Done, await Identity.DeletePrincipalAsync(PrincipalKind.User, "\u212Aey", None));
        Assert.Equal("key", (await Identity.GetPrincipalAsync(PrincipalKind.User, "KEY", None))?.Name);
    }

    [Fact]
    public async Task ListPrincipalsAsync_PathPrefix_ListsThatPathOrderedByName()
    {
        await Identity.CreatePrincipalAsync(Principal(PrincipalKind.User, "zed") with { Path = "/apps/" }, None);
        await Identity.CreatePrincipalAsync(Principal(PrincipalKind.User, "amy") with { Path = "/apps/web/" }, None);
        await CreateUserAsync("root-like");

        var listed = await Identity.ListPrincipalsAsync(PrincipalKind.User, "/apps/", None);

        Assert.Equal(["amy", "zed"], listed.Select(user => user.Name));
    }

    // Byte order of the folded names, as SQLite's NOCASE orders: '-' (0x2D) before '_' (0x5F) before letters, where a
    // locale's collation would put '_' first.
    [Fact]
    public async Task ListPrincipalsAsync_NamesWithPunctuation_ListInTheByteOrderOfTheFoldedNames()
    {
        foreach (var name in (string[])["aB", "a_c", "a-d", "A.e"])
        {
            await CreateUserAsync(name);
        }

        var listed = await Identity.ListPrincipalsAsync(PrincipalKind.User, "/", None);

        Assert.Equal(["a-d", "A.e", "a_c", "aB"], listed.Select(user => user.Name));
    }

    [Fact]
    public async Task DeletePrincipalAsync_UserWithAKey_IsConflictUntilTheKeyGoes()
    {
        await CreateUserAsync("alice");
        await Identity.CreateAccessKeyAsync(Key("AKALICE1", "alice"), 2, None);

        Assert.Equal(IdentityStatus.Conflict, await Identity.DeletePrincipalAsync(PrincipalKind.User, "alice", None));
        Assert.Equal(IdentityStatus.Done, await Identity.DeleteAccessKeyAsync("alice", "AKALICE1", None));
        Assert.Equal(IdentityStatus.Done, await Identity.DeletePrincipalAsync(PrincipalKind.User, "alice", None));
        Assert.Equal(IdentityStatus.NotFound, await Identity.DeletePrincipalAsync(PrincipalKind.User, "alice", None));
    }

    [Fact]
    public async Task CreateAccessKeyAsync_ThirdKeyOrUnknownUser_IsRefusedAndNothingChanges()
    {
        await CreateUserAsync("alice");
        await Identity.CreateAccessKeyAsync(Key("AK1", "alice"), 2, None);
        await Identity.CreateAccessKeyAsync(Key("AK2", "alice"), 2, None);

        Assert.Equal(IdentityStatus.LimitExceeded, await Identity.CreateAccessKeyAsync(Key("AK3", "alice"), 2, None));
        Assert.Equal(IdentityStatus.NotFound, await Identity.CreateAccessKeyAsync(Key("AK4", "nobody"), 2, None));
        Assert.Equal(IdentityStatus.AlreadyExists, await Identity.CreateAccessKeyAsync(Key("AK1", "alice"), 5, None));
        Assert.Equal(["AK1", "AK2"], (await Identity.ListAccessKeysAsync("ALICE", None)).Select(key => key.AccessKeyId));
        Assert.Null(await Identity.GetAccessKeyAsync("AK3", None));
    }

    [Fact]
    public async Task SetAccessKeyActiveAsync_OwnKeyOrAnothersKey_ChangesOnlyTheOwnOne()
    {
        await CreateUserAsync("alice");
        await CreateUserAsync("bob");
        await Identity.CreateAccessKeyAsync(Key("AKALICE", "alice"), 2, None);

        Assert.Equal(IdentityStatus.NotFound, await Identity.SetAccessKeyActiveAsync("bob", "AKALICE", false, None));
        Assert.True((await Identity.GetAccessKeyAsync("AKALICE", None))!.Active);
        Assert.Equal(IdentityStatus.Done, await Identity.SetAccessKeyActiveAsync("alice", "AKALICE", false, None));
        Assert.False((await Identity.GetAccessKeyAsync("AKALICE", None))!.Active);
    }

    [Fact]
    public async Task GetAccessKeyAsync_AfterReopen_KeepsTheSealedSecretByteForByte()
    {
        await CreateUserAsync("alice");
        var key = Key("AKALICE", "alice");
        await Identity.CreateAccessKeyAsync(key, 2, None);

        await ReopenAsync();

        var stored = await Identity.GetAccessKeyAsync("AKALICE", None);
        Assert.NotNull(stored);
        Assert.Equal(key.SealedSecret, stored.SealedSecret);
        Assert.Equal(key with { SealedSecret = stored.SealedSecret }, stored);
    }

    [Fact]
    public async Task PutInlinePolicyAsync_PutTwiceListAndDelete_KeepsOneDocumentPerName()
    {
        await CreateUserAsync("alice");
        await Identity.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.User, "alice", "read", "{}"), None);
        await Identity.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.User, "alice", "read", Allow), None);
        await Identity.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.User, "alice", "another", "{}"), None);

        Assert.Equal(Allow, (await Identity.GetInlinePolicyAsync(PrincipalKind.User, "alice", "READ", None))!.Document);
        Assert.Equal(["another", "read"], await Identity.ListInlinePolicyNamesAsync(PrincipalKind.User, "alice", None));
        Assert.Equal(IdentityStatus.Done, await Identity.DeleteInlinePolicyAsync(PrincipalKind.User, "alice", "read", None));
        Assert.Equal(IdentityStatus.NotFound, await Identity.DeleteInlinePolicyAsync(PrincipalKind.User, "alice", "read", None));
        Assert.Equal(IdentityStatus.NotFound, await Identity.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.Role, "alice", "x", "{}"), None));
    }

    [Fact]
    public async Task DeleteManagedPolicyAsync_WhileAttached_IsConflictUntilDetached()
    {
        await CreateUserAsync("alice");
        var policy = Managed("readonly");
        Assert.Equal(IdentityStatus.Done, await Identity.CreateManagedPolicyAsync(policy, None));
        Assert.Equal(IdentityStatus.AlreadyExists, await Identity.CreateManagedPolicyAsync(Managed("ReadOnly"), None));
        Assert.Equal(IdentityStatus.Done, await Identity.AttachPolicyAsync(PrincipalKind.User, "alice", policy.Arn, None));
        Assert.Equal(IdentityStatus.Done, await Identity.AttachPolicyAsync(PrincipalKind.User, "alice", policy.Arn, None));

        Assert.Equal(IdentityStatus.Conflict, await Identity.DeleteManagedPolicyAsync(policy.Arn, None));
        Assert.Equal([policy], await Identity.ListAttachedPoliciesAsync(PrincipalKind.User, "alice", None));
        Assert.Equal(IdentityStatus.Done, await Identity.DetachPolicyAsync(PrincipalKind.User, "alice", policy.Arn, None));
        Assert.Equal(IdentityStatus.NotFound, await Identity.DetachPolicyAsync(PrincipalKind.User, "alice", policy.Arn, None));
        Assert.Equal(IdentityStatus.Done, await Identity.DeleteManagedPolicyAsync(policy.Arn, None));
        Assert.Null(await Identity.GetManagedPolicyAsync(policy.Arn, None));
    }

    [Fact]
    public async Task AttachPolicyAsync_UnknownPolicyOrPrincipal_IsNotFound()
    {
        await CreateUserAsync("alice");
        var policy = Managed("readonly");
        await Identity.CreateManagedPolicyAsync(policy, None);

        Assert.Equal(IdentityStatus.NotFound, await Identity.AttachPolicyAsync(PrincipalKind.User, "alice", "arn:aws:iam::000000000000:policy/none", None));
        Assert.Equal(IdentityStatus.NotFound, await Identity.AttachPolicyAsync(PrincipalKind.User, "bob", policy.Arn, None));
    }

    [Fact]
    public async Task PolicyDocumentsForUserAsync_UserAndGroupPolicies_AreAllReturned()
    {
        await CreateUserAsync("alice");
        await Identity.CreatePrincipalAsync(Principal(PrincipalKind.Group, "editors"), None);
        await Identity.AddUserToGroupAsync("editors", "alice", None);
        var userManaged = Managed("user-managed") with { Document = "user-managed" };
        var groupManaged = Managed("group-managed") with { Document = "group-managed" };
        await Identity.CreateManagedPolicyAsync(userManaged, None);
        await Identity.CreateManagedPolicyAsync(groupManaged, None);
        await Identity.AttachPolicyAsync(PrincipalKind.User, "alice", userManaged.Arn, None);
        await Identity.AttachPolicyAsync(PrincipalKind.Group, "editors", groupManaged.Arn, None);
        await Identity.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.User, "alice", "p", "user-inline"), None);
        await Identity.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.Group, "editors", "p", "group-inline"), None);

        var documents = await Identity.PolicyDocumentsForUserAsync("alice", None);

        Assert.Equal(["group-inline", "group-managed", "user-inline", "user-managed"], documents.Order(StringComparer.Ordinal));
        Assert.Equal(["alice"], (await Identity.ListGroupMembersAsync("editors", None)).Select(user => user.Name));
        Assert.Equal(IdentityStatus.Conflict, await Identity.DeletePrincipalAsync(PrincipalKind.Group, "editors", None));
        Assert.Equal(IdentityStatus.Done, await Identity.RemoveUserFromGroupAsync("editors", "alice", None));
        Assert.Empty(await Identity.ListGroupsForUserAsync("alice", None));
        Assert.Empty(await Identity.PolicyDocumentsForUserAsync("nobody", None));
    }

    private static IamPrincipal Principal(PrincipalKind kind, string name) => new()
    {
        Kind = kind,
        Name = name,
        Id = "AID" + Guid.NewGuid().ToString("N")[..17].ToUpperInvariant(),
        Created = Now(),
    };

    private static StoredAccessKey Key(string id, string user) => new()
    {
        AccessKeyId = id,
        UserName = user,
        SealedSecret = [1, 2, 3, (byte)id.Length, 0, 255],
        Created = Now(),
    };

    private static ManagedPolicy Managed(string name) => new()
    {
        Arn = "arn:aws:iam::000000000000:policy/" + name,
        Name = name,
        Id = "ANPA" + name.ToUpperInvariant(),
        Document = Allow,
        Created = Now(),
    };

    private async Task CreateUserAsync(string name) =>
        Assert.Equal(IdentityStatus.Done, await Identity.CreatePrincipalAsync(Principal(PrincipalKind.User, name), None));
}
