using System.Globalization;

namespace Coffer.Bench.Load.Options;

/// <summary>
/// Hand-parses <c>coffer-load &lt;workload&gt; [--name value | --name=value]...</c>. The option names are a contract with
/// <c>bench/compare.sh</c>, so unknown options are errors rather than silently ignored.
/// </summary>
internal static class OptionParser
{
    /// <summary>The largest total size the get/head/mixed defaults prepare (2 GiB), so that big objects stay few.</summary>
    private const long DefaultPreparedBytes = 2L << 30;

    private const int DefaultListObjects = 10_000;
    private const int DefaultDeleteObjects = 10_000;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("the first argument must be a workload: put, get, head, mixed, list, delete or multipart");
        }

        if (!Enum.TryParse<Workload>(args[0], ignoreCase: true, out var workload) || int.TryParse(args[0], out _))
        {
            throw new UsageException($"unknown workload '{args[0]}'");
        }

        var values = ReadNamedValues(args);
        var options = new LoadOptions
        {
            Workload = workload,
            AccessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "",
            SecretKey = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "",
            Prefix = $"load/{workload.ToString().ToLowerInvariant()}/",
        };

        int? objects = null;
        foreach (var (name, value) in values)
        {
            options = name switch
            {
                "endpoint" => options with { Endpoint = ParseEndpoint(value) },
                "mode" => options with { Mode = ParseMode(value) },
                "access-key" => options with { AccessKey = value },
                "secret-key" => options with { SecretKey = value },
                "region" => options with { Region = value },
                "bucket" => options with { Bucket = value },
                "size" => options with { Size = ParseSize(name, value, allowZero: true) },
                "part-size" => options with { PartSize = ParseSize(name, value, allowZero: false) },
                "concurrency" => options with { Concurrency = ParseCount(name, value) },
                "duration" => options with { Duration = ParseDuration(name, value), Ops = null },
                "ops" => options with { Ops = ParseCount(name, value), Duration = null },
                "objects" => options,
                "prefix" => options with { Prefix = value },
                "prefixes" => options with { Prefixes = ParseCount(name, value, allowZero: true) },
                "delimiter" => options with { Delimiter = value },
                "prepare" => options with { Prepare = true },
                "no-prepare" => options with { Prepare = false },
                "versioning" => options with { Versioning = true },
                "warmup" => options with { Warmup = ParseDuration(name, value, allowZero: true) },
                "json" => options with { JsonPath = value },
                "label" => options with { Label = value },
                // Only SSE-S3: SSE-KMS and SSE-C need keys that a load run has no business holding.
                "sse" => value == "AES256" ? options with { SseS3 = true } : throw new UsageException($"--sse must be AES256 (SSE-S3), not '{value}'"),
                "range-size" => options with { RangeSize = ParseSize(name, value, allowZero: false) },
                _ => throw new UsageException($"unknown option --{name}"),
            };
            if (name == "objects")
            {
                objects = ParseCount(name, value);
            }
        }

        if (options.Duration is null && options.Ops is null)
        {
            options = options with { Duration = TimeSpan.FromSeconds(10) };
        }

        if (options.Mode == TargetMode.Http && workload is Workload.List or Workload.Multipart)
        {
            throw new UsageException($"{workload.ToString().ToLowerInvariant()} needs S3: it has no plain HTTP equivalent");
        }

        if (options.Mode == TargetMode.Http && options.SseS3)
        {
            throw new UsageException("--sse needs s3 mode: a plain HTTP server has no server-side encryption to ask for");
        }

        if (options.RangeSize is { } rangeSize)
        {
            if (workload != Workload.Get)
            {
                throw new UsageException("--range-size is for the get workload only");
            }

            // The ranges are drawn from the middle half of each object (see MiddleRange), so one must fit in it.
            if (rangeSize > options.Size / 2)
            {
                throw new UsageException($"--range-size {ByteSize.Format(rangeSize)} must be at most half of --size {ByteSize.Format(options.Size)}");
            }
        }

        if (options.Mode == TargetMode.S3 && (options.AccessKey.Length == 0 || options.SecretKey.Length == 0))
        {
            throw new UsageException("s3 mode needs --access-key and --secret-key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
        }

        if (options.Label.Length == 0)
        {
            options = options with { Label = options.Mode.ToString().ToLowerInvariant() };
        }

        return options with { Objects = objects ?? DefaultObjects(options) };
    }

    private static int DefaultObjects(LoadOptions options)
    {
        var fitting = (int)Math.Clamp(DefaultPreparedBytes / Math.Max(options.Size, 1), 1, int.MaxValue);
        return options.Workload switch
        {
            Workload.Put or Workload.Multipart => options.Concurrency * 4,
            Workload.Get or Workload.Head or Workload.Mixed => Math.Min(Math.Max(options.Concurrency, 64), fitting),
            Workload.Delete => (int)Math.Min(options.Ops ?? DefaultDeleteObjects, fitting),
            Workload.List => DefaultListObjects,
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
    }

    private static List<(string Name, string Value)> ReadNamedValues(IReadOnlyList<string> args)
    {
        var flags = new HashSet<string> { "prepare", "no-prepare", "versioning" };
        var values = new List<(string, string)>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string value;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (flags.Contains(name))
            {
                value = "";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value");
            }

            values.Add((name, value));
        }

        return values;
    }

    private static Uri ParseEndpoint(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--endpoint '{value}' is not an http(s) URL");
        }

        return uri;
    }

    private static TargetMode ParseMode(string value)
    {
        return value.ToLowerInvariant() switch
        {
            "s3" => TargetMode.S3,
            "http" => TargetMode.Http,
            _ => throw new UsageException($"--mode must be s3 or http, not '{value}'"),
        };
    }

    private static long ParseSize(string name, string value, bool allowZero)
    {
        if (!ByteSize.TryParse(value, out var bytes) || bytes < 0 || (bytes == 0 && !allowZero))
        {
            throw new UsageException($"--{name} '{value}' is not a size such as 4KiB, 16MiB or 1GiB");
        }

        return bytes;
    }

    private static int ParseCount(string name, string value, bool allowZero = false)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || (count == 0 && !allowZero))
        {
            throw new UsageException($"--{name} '{value}' is not a positive whole number");
        }

        return count;
    }

    private static TimeSpan ParseDuration(string name, string value, bool allowZero = false)
    {
        if (!DurationText.TryParse(value, out var duration) || duration < TimeSpan.Zero || (duration == TimeSpan.Zero && !allowZero))
        {
            throw new UsageException($"--{name} '{value}' is not a duration such as 10s or 2m");
        }

        return duration;
    }
}

/// <summary>A command line that cannot be run; the message says why.</summary>
internal sealed class UsageException(string message) : Exception(message);
