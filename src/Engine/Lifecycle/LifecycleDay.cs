namespace Coffer.Engine.Lifecycle;

/// <summary>
/// How long a lifecycle "day" lasts, and when a count of them from some moment is due. S3 counts whole days and rounds
/// up to the next midnight UTC; a host given a shorter day (<c>--lifecycle-day-seconds</c>, for tests, as RGW's debug
/// interval) counts that many seconds from the moment itself, without rounding.
/// </summary>
public sealed record LifecycleDay(TimeSpan Length)
{
    public static readonly LifecycleDay Real = new(TimeSpan.FromDays(1));

    public bool IsReal => Length == TimeSpan.FromDays(1);

    /// <summary>The moment <paramref name="days"/> days after <paramref name="start"/> is reached, by S3's rounding.</summary>
    public DateTimeOffset After(DateTimeOffset start, int days)
    {
        if (!IsReal)
        {
            return start + (Length * days);
        }

        var due = start.ToUniversalTime() + TimeSpan.FromDays(days);
        var midnight = new DateTimeOffset(due.UtcDateTime.Date, TimeSpan.Zero);
        return midnight == due ? due : midnight.AddDays(1);
    }
}
