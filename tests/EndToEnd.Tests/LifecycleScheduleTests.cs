using Coffer.Engine.Lifecycle;
using Coffer.Server.Hosting;

namespace Coffer.EndToEnd.Tests;

/// <summary>When the lifecycle service runs its next pass: at midnight UTC on real days, one day after the last began on short ones.</summary>
public sealed class LifecycleScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void UntilNextPass_RealDays_IsTheNextMidnightUtc() =>
        Assert.Equal(TimeSpan.FromHours(12), LifecycleService.UntilNextPass(LifecycleDay.Real, Noon.AddMinutes(-5), Noon));

    [Fact]
    public void UntilNextPass_ShortDays_IsOneDayAfterTheLastPassBegan() =>
        Assert.Equal(TimeSpan.FromSeconds(3), LifecycleService.UntilNextPass(new LifecycleDay(TimeSpan.FromSeconds(5)), Noon, Noon.AddSeconds(2)));

    [Fact]
    public void UntilNextPass_PassLongerThanADay_StartsTheNextAtOnce() =>
        Assert.Equal(TimeSpan.Zero, LifecycleService.UntilNextPass(new LifecycleDay(TimeSpan.FromSeconds(5)), Noon, Noon.AddSeconds(9)));
}
