namespace Coffer.Torture.Model;

/// <summary>
/// A version's object lock: a legal hold, a retention (GOVERNANCE or COMPLIANCE until a date), or
/// both. Retention dates are whole seconds, as the lock headers and XML carry them.
/// </summary>
public sealed record LockState(bool LegalHold, string? RetentionMode, DateTimeOffset? RetainUntil)
{
    public const string Governance = "GOVERNANCE";
    public const string Compliance = "COMPLIANCE";

    /// <summary>
    /// Server and harness share a clock, but a request is judged somewhere between its sending and
    /// its answer: a retention that ends this close to either is not judged either way.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    public static readonly LockState None = new(false, null, null);

    public bool IsNone => !LegalHold && RetentionMode is null;

    /// <summary>
    /// Whether a delete by version id sent at <paramref name="sent"/> and judged no later than
    /// <paramref name="judgedBy"/> must be refused (Certain), must be allowed (None), or may go either way.
    /// </summary>
    public Protection AgainstDelete(bool bypass, DateTimeOffset sent, DateTimeOffset judgedBy)
    {
        if (LegalHold)
        {
            return Protection.Certain;
        }

        if (RetainUntil is not { } until || (bypass && RetentionMode == Governance))
        {
            return Protection.None;
        }

        return until > judgedBy + Margin ? Protection.Certain
            : until < sent - Margin ? Protection.None
            : Protection.Uncertain;
    }

    /// <summary>Whole seconds from now, as a retain-until date.</summary>
    public static DateTimeOffset SecondsFromNow(int seconds)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(seconds);
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    public override string ToString() =>
        IsNone ? "unlocked" : string.Join(" and ", new[] { LegalHold ? "legal hold" : null, RetentionMode is null ? null : $"{RetentionMode} until {RetainUntil:O}" }.OfType<string>());
}

public enum Protection
{
    None,
    Uncertain,
    Certain,
}
