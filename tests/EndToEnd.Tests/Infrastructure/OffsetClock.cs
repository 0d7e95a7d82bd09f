namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The system clock plus an offset a test may set: the server then lives that far in the past or
/// the future while clients sign with the real time, which is how a test makes a session token
/// expire without waiting out its 15 minutes.
/// </summary>
public sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
