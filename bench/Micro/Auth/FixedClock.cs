namespace Coffer.Bench.Micro.Auth;

// Signatures carry their time; a clock stopped at that time keeps them valid however long a run takes.
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
