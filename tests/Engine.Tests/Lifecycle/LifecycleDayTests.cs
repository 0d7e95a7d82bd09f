using Coffer.Engine.Lifecycle;

namespace Coffer.Engine.Tests.Lifecycle;

public class LifecycleDayTests
{
    [Fact]
    public void After_RealDay_RoundsUpToTheNextMidnightUtc()
    {
        var created = new DateTimeOffset(2024, 3, 10, 15, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2024, 3, 12, 0, 0, 0, TimeSpan.Zero), LifecycleDay.Real.After(created, 1));
    }

    [Fact]
    public void After_RealDayFromMidnight_IsExactlyThatManyDays()
    {
        var created = new DateTimeOffset(2024, 3, 10, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2024, 3, 13, 0, 0, 0, TimeSpan.Zero), LifecycleDay.Real.After(created, 3));
    }

    [Fact]
    public void After_OtherOffset_CountsInUtc()
    {
        var created = new DateTimeOffset(2024, 3, 10, 23, 30, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2024, 3, 13, 0, 0, 0, TimeSpan.Zero), LifecycleDay.Real.After(created, 1));
    }

    [Fact]
    public void After_ShortenedDay_CountsFromTheMomentWithoutRounding()
    {
        var day = new LifecycleDay(TimeSpan.FromSeconds(10));
        var created = new DateTimeOffset(2024, 3, 10, 15, 30, 1, TimeSpan.Zero);

        Assert.False(day.IsReal);
        Assert.Equal(created.AddSeconds(30), day.After(created, 3));
    }
}
