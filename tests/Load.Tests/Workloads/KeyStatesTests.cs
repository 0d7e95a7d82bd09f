using Coffer.Bench.Load.Workloads;

namespace Coffer.Load.Tests.Workloads;

public class KeyStatesTests
{
    [Fact]
    public void TryTakeRandomUnused_KeyBeingRead_IsNotTaken()
    {
        var states = new KeyStates(1);
        var random = new Random(1);
        Assert.Equal(0, states.TryShareRandomPresent(random));

        Assert.Equal(-1, states.TryTakeRandomUnused(random));

        states.ReleaseShared(0);
        Assert.Equal(0, states.TryTakeRandomUnused(random));
    }

    [Fact]
    public void TryShareRandomPresent_DeletedKey_IsNotReadUntilRecreated()
    {
        var states = new KeyStates(1);
        var random = new Random(1);
        var deleted = states.TryTakeRandomUnused(random);
        states.ReleaseExclusive(deleted, present: false);

        Assert.Equal(-1, states.TryShareRandomPresent(random));

        var recreated = states.TryTakeAbsent();
        Assert.Equal(0, recreated);
        Assert.Equal(-1, states.TryShareRandomPresent(random));
        states.ReleaseExclusive(recreated, present: true);
        Assert.Equal(0, states.TryShareRandomPresent(random));
    }

    [Fact]
    public void TryTakeAbsent_NothingDeleted_FindsNone()
    {
        Assert.Equal(-1, new KeyStates(4).TryTakeAbsent());
    }
}
