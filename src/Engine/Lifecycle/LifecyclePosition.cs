using System.Text.Json;

namespace Coffer.Engine.Lifecycle;

/// <summary>
/// How far a bucket's pass of one lifecycle day has got, kept in the bucket's <c>lifecycle-progress</c> setting after
/// every batch: the pass that finds it goes on from there, and a new day starts a new pass. Phases are the
/// configuration's rules in order, then the bucket's open uploads.
/// </summary>
internal sealed record LifecyclePosition
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The lifecycle day the pass is for (see <see cref="DayNumber"/>).</summary>
    public required long Day { get; init; }

    /// <summary>The index of the rule being applied; the rule count for the uploads.</summary>
    public int Phase { get; init; }

    /// <summary>The key (UTF-8, or any byte string that seeks just before a key) the phase goes on after; null at its start.</summary>
    public byte[]? AfterKey { get; init; }

    /// <summary>With <see cref="AfterKey"/>, the version (or upload) of that key the phase goes on after.</summary>
    public string? AfterId { get; init; }

    /// <summary>What the phase knows of the key it stopped in, which its next versions are judged by.</summary>
    public KeyCarry? Carry { get; init; }

    /// <summary>True when the day's pass of the bucket is finished.</summary>
    public bool Done { get; init; }

    /// <summary>The number of the lifecycle day <paramref name="now"/> falls in: days (of the configured length) since 1970 UTC.</summary>
    public static long DayNumber(LifecycleDay day, DateTimeOffset now) => now.ToUnixTimeMilliseconds() / (long)day.Length.TotalMilliseconds;

    public static LifecyclePosition StartOf(long day) => new() { Day = day };

    public LifecyclePosition NextPhase() => new() { Day = Day, Phase = Phase + 1 };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>The stored position, or null when there is none or it cannot be read (then the pass starts over, which is harmless).</summary>
    public static LifecyclePosition? Parse(string? document)
    {
        if (document is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LifecyclePosition>(document, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The state of one key between versions of a scan, newest first: when the version just read was written (the moment
/// the next, older one became noncurrent), how many of its noncurrent versions stay, and a current delete marker not
/// yet known to be the key's only version.
/// </summary>
internal sealed record KeyCarry(string Key, DateTimeOffset SuccessorModified, int NoncurrentKept, string? LoneMarkerId = null, DateTimeOffset? LoneMarkerModified = null);
