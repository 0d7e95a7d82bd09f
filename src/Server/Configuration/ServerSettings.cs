using System.Globalization;

using Coffer.Server.Hosting;

namespace Coffer.Server.Configuration;

/// <summary>
/// Every setting of `coffer server`, in the order `--help` lists them. A new option is one row here: the flag, the
/// environment variable and the config file key all come from it, with the same parsing and the same messages.
/// </summary>
public static class ServerSettings
{
    /// <summary>Names the config file; read from the flag or the environment only (a file cannot name itself).</summary>
    public static readonly ServerSetting Config = new(
        "config", "FILE", "A TOML file of settings: NAME = value for any option below", null, (options, _) => options);

    public static readonly IReadOnlyList<ServerSetting> All =
    [
        new("data", "DIR", "Data directory: metadata database, blobs, root credentials", "./data",
            (options, value) => options with { DataDirectory = NonEmpty(value) }),
        new("metadata", "URI", "Keep metadata in PostgreSQL (postgresql://user:password@host:port/database), shared by every node; --data is then the blob directory they share. Unset: embedded SQLite in --data", null,
            (options, value) => options with { Metadata = MetadataDatabase(value) }),
        new("address", "HOST:PORT", "Where to listen; 0.0.0.0:PORT (or :PORT) for every interface, port 0 for a free one", "127.0.0.1:9000",
            (options, value) => options with { Address = ListenAddress.Parse(value) }),
        new("region", "REGION", "The region requests are signed for and every bucket is in", "us-east-1",
            (options, value) => options with { Region = NonEmpty(value) }),
        new("domain", "DOMAIN", "Also accept virtual-hosted requests for bucket.DOMAIN", null,
            (options, value) => options with { Domain = value.Trim().TrimEnd('.') is { Length: > 0 } domain ? domain : null }),
        new("trusted-proxies", "CIDR,...", "Reverse proxies whose X-Forwarded-For, -Proto and -Host are believed: ranges or addresses, comma-separated", null,
            (options, value) => options with { TrustedProxies = TrustedProxies.Parse(value) }),
        new("drain-timeout", "DURATION", "How long a stop waits for the requests in flight before it cuts them: 30, 30s, 2m", "30s",
            (options, value) => options with { DrainTimeout = DurationText.Parse(value, "the drain limit") }),
        new("access-log", "true|false", "One log line per request (method, bucket, key, status, bytes, duration, request id, caller)", "true",
            (options, value) => options with { AccessLog = Flag(value) }),
        new("master-key-file", "FILE", "The 32 bytes that wrap SSE-S3 data keys; else DIR/master.key, made at first start", null,
            (options, value) => options with { MasterKeyFile = NonEmpty(value) }),
        new("allow-sse-c-over-http", "true|false", "Accept SSE-C keys over plain HTTP from any client, not only over TLS or from loopback", "false",
            (options, value) => options with { AllowCustomerKeysOverHttp = Flag(value) }),
        new("log-format", "text|json", "text: one line per entry; json: one JSON object per line, for machines", "text",
            (options, value) => options with { LogFormat = LogFormatText(value) }),
        new("tier", "CLASS=LOCATION", "Keep objects of a storage class in a directory or at s3://bucket/prefix?endpoint=URL; repeat for each class", null,
            (options, value) => options with { Tiers = TierSettings.ParseTiers(value) })
        {
            Repeatable = true,
            EnvironmentName = "COFFER_TIERS",
        },
        new("restore-delay", "TIER=DURATION,...", "The least time a restore of each retrieval tier (Expedited, Standard, Bulk) takes", "Expedited=0,Standard=0,Bulk=0",
            (options, value) => options with { RestoreDelays = TierSettings.ParseRestoreDelays(value) }),
        new("lifecycle-day-seconds", "SECONDS", "Make a lifecycle day this many seconds (1 to 86400), for trying rules out; unset: real days, a pass daily at 00:00 UTC", null,
            (options, value) => options with { LifecycleDayLength = LifecycleDaySeconds(value) }),
    ];

    /// <summary>
    /// A setting's value as the server started from this shell would see it without flags or a config file: its
    /// COFFER_* variable, else its default. `coffer admin` uses it, so that a shell set up for the server (COFFER_DATA,
    /// COFFER_REGION) points admin at the same directory and region.
    /// </summary>
    public static string FromEnvironmentOrDefault(string name)
    {
        var setting = Find(name) ?? throw new ArgumentException($"No setting is named {name}.", nameof(name));
        return Environment.GetEnvironmentVariable(setting.EnvironmentVariable) is { Length: > 0 } value ? value : setting.DefaultText ?? "";
    }

    /// <summary>The setting a config file key or a flag names, or null.</summary>
    public static ServerSetting? Find(string name) => All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.Ordinal));

    private static bool Flag(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"it must be true or false, not '{value}'"),
    };

    private static LogFormat LogFormatText(string value) => value.Trim().ToLowerInvariant() switch
    {
        "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new FormatException($"it must be text or json, not '{value}'"),
    };

    private static TimeSpan LifecycleDaySeconds(string value) =>
        int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"it must be a whole number of seconds from 1 to 86400, not '{value}'");

    private static string MetadataDatabase(string value)
    {
        // Read now, so that a malformed URI is a usage error naming the option rather than a failed start.
        Engine.Postgres.PostgresConnectionString.Parse(NonEmpty(value));
        return value.Trim();
    }

    private static string NonEmpty(string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException("it must not be empty") : value.Trim();
}
