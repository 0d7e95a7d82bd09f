using Coffer.Engine.Identity;
using Coffer.Engine.Ports;

namespace Coffer.Engine.Contract.Tests.Postgres;

/// <summary>
/// Two stores on one database, as two nodes of a deployment: each sees the other's IAM changes as soon as they commit,
/// and changes that race through both are decided by the database alone.
/// </summary>
public sealed class PostgresIdentityNodesTests : IAsyncLifetime
{
    private readonly PostgresHarness _harness = new();
    private IIdentityStore _first = null!;
    private IIdentityStore _second = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _first = (IIdentityStore)await _harness.OpenAsync();
        _second = (IIdentityStore)await _harness.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)_first).DisposeAsync();
        await ((IAsyncDisposable)_second).DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task IamChanges_MadeOnOneNode_TheOtherSeesAtOnce()
    {
        Assert.Equal(IdentityStatus.Done, await _first.CreatePrincipalAsync(User("alice"), None));
        Assert.Equal("alice", (await _second.GetPrincipalAsync(PrincipalKind.User, "ALICE", None))?.Name);

        Assert.Equal(IdentityStatus.Done, await _second.CreateAccessKeyAsync(Key("AKALICE", "alice"), 2, None));
        Assert.True((await _first.GetAccessKeyAsync("AKALICE", None))?.Active);

        Assert.Equal(IdentityStatus.Done, await _first.SetAccessKeyActiveAsync("alice", "AKALICE", false, None));
        Assert.False((await _second.GetAccessKeyAsync("AKALICE", None))?.Active);

        Assert.Equal(IdentityStatus.Done, await _second.PutInlinePolicyAsync(new InlinePolicy(PrincipalKind.User, "alice", "p", "document"), None));
        Assert.Equal(["document"], await _first.PolicyDocumentsForUserAsync("alice", None));
        Assert.Equal(IdentityStatus.Conflict, await _first.DeletePrincipalAsync(PrincipalKind.User, "alice", None));

        Assert.Equal(IdentityStatus.Done, await _second.DeleteInlinePolicyAsync(PrincipalKind.User, "alice", "p", None));
        Assert.Equal(IdentityStatus.Done, await _second.DeleteAccessKeyAsync("alice", "AKALICE", None));
        Assert.Equal(IdentityStatus.Done, await _first.DeletePrincipalAsync(PrincipalKind.User, "alice", None));
        Assert.Null(await _second.GetPrincipalAsync(PrincipalKind.User, "alice", None));
    }

    [Fact]
    public async Task CreatePrincipalAsync_SameNameInTwoCasesOnTwoNodesAtOnce_OneIsCreated()
    {
        var outcomes = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? _first : _second).CreatePrincipalAsync(User(i % 2 == 0 ? "bob" : "BOB"), None)));

        Assert.Equal(1, outcomes.Count(outcome => outcome == IdentityStatus.Done));
        Assert.All(outcomes.Where(outcome => outcome != IdentityStatus.Done), outcome => Assert.Equal(IdentityStatus.AlreadyExists, outcome));
        Assert.Single(await _first.ListPrincipalsAsync(PrincipalKind.User, "/", None));
    }

    // Each node's check ("fewer than two keys") passes alone; SERIALIZABLE makes the database refuse the later ones.
    [Fact]
    public async Task CreateAccessKeyAsync_ManyOnTwoNodesAtOnce_StopsAtTheLimit()
    {
        Assert.Equal(IdentityStatus.Done, await _first.CreatePrincipalAsync(User("carol"), None));

        var outcomes = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? _first : _second).CreateAccessKeyAsync(Key($"AKCAROL{i}", "carol"), 2, None)));

        Assert.Equal(2, outcomes.Count(outcome => outcome == IdentityStatus.Done));
        Assert.Equal(4, outcomes.Count(outcome => outcome == IdentityStatus.LimitExceeded));
        Assert.Equal(2, (await _second.ListAccessKeysAsync("carol", None)).Count);
    }

    private static IamPrincipal User(string name) => new()
    {
        Kind = PrincipalKind.User,
        Name = name,
        Id = "AIDA" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(),
        Created = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
    };

    private static StoredAccessKey Key(string id, string user) => new()
    {
        AccessKeyId = id,
        UserName = user,
        SealedSecret = [1, 2, 3],
        Created = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
    };
}
