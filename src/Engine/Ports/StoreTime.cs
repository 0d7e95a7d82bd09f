namespace Coffer.Engine.Ports;

public static class StoreTime
{
    /// <summary>
    /// The time cut to the millisecond, which is what the metadata store keeps, so that what a
    /// write answers and what later reads return agree.
    /// </summary>
    public static DateTimeOffset StoreNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
