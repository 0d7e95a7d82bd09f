using Coffer.Engine.Caching;
using Coffer.Engine.Coordination;
using Coffer.Engine.Ports;
using Coffer.Engine.Postgres;
using Coffer.TestKit.Postgres;

namespace Coffer.Engine.Contract.Tests.Postgres;

/// <summary>What the nodes of one deployment coordinate through: leases for background jobs and the change feed, each node a store of its own on one database.</summary>
public sealed class PostgresCoordinationTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly List<PostgresMetadataStore> _nodes = [];
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.Shared.CreateDatabaseAsync();
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(await PostgresMetadataStore.OpenAsync(PostgresServer.Shared.ConnectionString(_database), None));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await PostgresServer.Shared.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task TryTakeLease_HeldByAnotherNode_IsRefusedUntilReleased()
    {
        Assert.True(await _nodes[0].TryTakeLeaseAsync("collector", "a", TimeSpan.FromMinutes(1), None));

        Assert.False(await _nodes[1].TryTakeLeaseAsync("collector", "b", TimeSpan.FromMinutes(1), None));
        Assert.True(await _nodes[1].TryTakeLeaseAsync("lifecycle", "b", TimeSpan.FromMinutes(1), None));

        await _nodes[1].ReleaseLeaseAsync("collector", "b", None);
        Assert.False(await _nodes[2].TryTakeLeaseAsync("collector", "c", TimeSpan.FromMinutes(1), None));

        await _nodes[0].ReleaseLeaseAsync("collector", "a", None);
        Assert.True(await _nodes[2].TryTakeLeaseAsync("collector", "c", TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task TryTakeLease_ByItsHolder_Renews()
    {
        Assert.True(await _nodes[0].TryTakeLeaseAsync("collector", "a", TimeSpan.FromMilliseconds(300), None));

        Assert.True(await _nodes[0].TryTakeLeaseAsync("collector", "a", TimeSpan.FromMinutes(1), None));
        await Task.Delay(600);

        Assert.False(await _nodes[1].TryTakeLeaseAsync("collector", "b", TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task TryTakeLease_RunOut_IsTakenByAnotherNode()
    {
        Assert.True(await _nodes[0].TryTakeLeaseAsync("collector", "a", TimeSpan.FromMilliseconds(200), None));

        await Task.Delay(500);

        Assert.True(await _nodes[1].TryTakeLeaseAsync("collector", "b", TimeSpan.FromMinutes(1), None));
        Assert.False(await _nodes[0].TryTakeLeaseAsync("collector", "a", TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task TryTakeLease_TwentyAtOnceAcrossThreeNodes_OneWins()
    {
        var attempts = Enumerable.Range(0, 20)
            .Select(i => _nodes[i % 3].TryTakeLeaseAsync("lifecycle", $"holder-{i}", TimeSpan.FromMinutes(1), None));

        var taken = await Task.WhenAll(attempts);

        Assert.Single(taken, won => won);
    }

    [Fact]
    public async Task LeasedJobs_HolderDies_AnotherNodeTakesTheJobOverAndNeverBothAtOnce()
    {
        var running = 0;
        var overlapped = false;
        var ranOn = new List<string>();
        async Task Job(string node, CancellationToken token)
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                overlapped = true;
            }

            lock (ranOn)
            {
                ranOn.Add(node);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }

        var duration = TimeSpan.FromSeconds(1.5);
        var dying = new DyingLeases(_nodes[0]);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var a = new LeasedJobs(dying, "node-a", TimeProvider.System) { Duration = duration };
        var b = new LeasedJobs(_nodes[1], "node-b", TimeProvider.System) { Duration = duration };
        var runA = a.RunAsync("collector", token => Job("a", token), stopA.Token);
        await WaitUntilAsync(() => Volatile.Read(ref running) == 1);
        var runB = b.RunAsync("collector", token => Job("b", token), stopB.Token);
        await Task.Delay(duration * 2);
        Assert.Equal(["a"], Snapshot(ranOn));

        dying.Die();
        await WaitUntilAsync(() => Snapshot(ranOn).Contains("b"));

        await stopB.CancelAsync();
        await stopA.CancelAsync();
        await Task.WhenAll(runA, runB);
        Assert.Equal(["a", "b"], Snapshot(ranOn));
        Assert.False(overlapped);
    }

    [Fact]
    public async Task LeasedJobs_HolderStops_ReleasesSoAnotherNodeStartsAtOnce()
    {
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = new LeasedJobs(_nodes[0], "node-a", TimeProvider.System) { Duration = TimeSpan.FromMinutes(5) };
        var b = new LeasedJobs(_nodes[1], "node-b", TimeProvider.System) { Duration = TimeSpan.FromSeconds(3) };
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var aStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runA = a.RunAsync("scrub", async token => { aStarted.TrySetResult(); await Task.Delay(Timeout.Infinite, token); }, stopA.Token);
        await aStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var runB = b.RunAsync("scrub", async token => { started.TrySetResult("b"); await Task.Delay(Timeout.Infinite, token); }, stopB.Token);

        await stopA.CancelAsync();
        await runA;

        // A's lease had five minutes to run: B starting within its own retry period proves A gave it up.
        Assert.Equal("b", await started.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await stopB.CancelAsync();
        await runB;
    }

    [Fact]
    public async Task ChangeFeed_ChangeOnOneNode_RetiresTheCachesOfTheOthers()
    {
        var onA = new ChangeCounter("identity");
        onA.ShareThrough(_nodes[0]);
        var onB = new ChangeCounter("identity");
        var bucketsOnB = new ChangeCounter("buckets");
        var watcherB = new ChangeFeedWatcher(_nodes[1], [onB, bucketsOnB], TimeProvider.System);
        await watcherB.PollAsync(None);
        var before = (Identity: onB.Version, Buckets: bucketsOnB.Version);

        await onA.CountAsync(Task.FromResult(true));
        await watcherB.PollAsync(None);

        Assert.True(onB.Version > before.Identity);
        Assert.Equal(before.Buckets, bucketsOnB.Version);
        Assert.Equal(1, (await _nodes[2].ReadChangesAsync(None))["identity"]);
    }

    private static List<string> Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 30 seconds.");
            await Task.Delay(50);
        }
    }

    /// <summary>A node's view of the leases that goes dark at once, as when the process is killed: nothing renews, nothing is released.</summary>
    private sealed class DyingLeases(ILeaseStore inner) : ILeaseStore
    {
        private volatile bool _dead;

        public void Die() => _dead = true;

        public Task<bool> TryTakeLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) =>
            _dead ? throw new IOException("The node is dead.") : inner.TryTakeLeaseAsync(name, holder, duration, cancellationToken);

        public Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken) =>
            _dead ? throw new IOException("The node is dead.") : inner.ReleaseLeaseAsync(name, holder, cancellationToken);
    }
}
