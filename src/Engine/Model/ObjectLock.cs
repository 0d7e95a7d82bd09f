namespace Coffer.Engine.Model;

/// <summary>How a retention protects a version: GOVERNANCE gives way to a caller allowed to bypass it; COMPLIANCE to no one.</summary>
public enum RetentionMode
{
    Governance,
    Compliance,
}

/// <summary>
/// The retention a locked bucket gives each new version that names none: a number of days or of years, never both
/// (the protocol layer refuses a document with both or neither).
/// </summary>
public sealed record DefaultRetention
{
    private DefaultRetention(RetentionMode mode, int? days, int? years)
    {
        Mode = mode;
        Days = days;
        Years = years;
    }

    public RetentionMode Mode { get; }

    public int? Days { get; }

    public int? Years { get; }

    /// <exception cref="ArgumentOutOfRangeException">The period is not a positive number (S3's InvalidRetentionPeriod).</exception>
    public static DefaultRetention ForDays(RetentionMode mode, int days) =>
        days > 0 ? new(mode, days, null) : throw new ArgumentOutOfRangeException(nameof(days), days, PeriodMessage);

    /// <exception cref="ArgumentOutOfRangeException">The period is not a positive number (S3's InvalidRetentionPeriod).</exception>
    public static DefaultRetention ForYears(RetentionMode mode, int years) =>
        years > 0 ? new(mode, null, years) : throw new ArgumentOutOfRangeException(nameof(years), years, PeriodMessage);

    /// <summary>S3's words for a period that is zero or negative.</summary>
    public const string PeriodMessage = "Default retention period must be a positive integer value.";

    /// <summary>Until when a version written at <paramref name="written"/> is protected (calendar years, as S3 counts them).</summary>
    public DateTimeOffset RetainUntil(DateTimeOffset written) =>
        Days is { } days ? written.AddDays(days) : written.AddYears(Years!.Value);
}

/// <summary>A bucket's object lock: on (it can never be turned off), with or without a default retention.</summary>
public sealed record ObjectLockConfiguration(DefaultRetention? DefaultRetention);

/// <summary>One version's retention: its mode and the instant it ends.</summary>
public sealed record ObjectRetention(RetentionMode Mode, DateTimeOffset RetainUntil);

/// <summary>A version's legal hold: while on, nobody can delete the version, whatever its retention.</summary>
public enum LegalHoldStatus
{
    Off,
    On,
}
