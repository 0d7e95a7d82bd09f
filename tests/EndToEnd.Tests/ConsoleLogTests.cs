using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

using Coffer.TestKit;

namespace Coffer.EndToEnd.Tests;

/// <summary>What `coffer server` writes on standard output: timestamped text lines, or one JSON object per line.</summary>
public partial class ConsoleLogTests
{
    private const string AccessKey = "CONSOLELOGTESTKEY";
    private const string SecretKey = "console-log-test-secret-0123456789abcdefgh";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TextFormat_EveryLogLineStartsWithAnIsoUtcTimestamp()
    {
        using var data = new TempDirectory("coffer-text-log-");
        using var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey);
        var requestId = await RefusedGetAsync(server);
        await StopAsync(server);

        var logLines = LinesAfterTheBanner(server.StandardOutput);
        Assert.True(logLines.Count >= 4, "expected a refusal, an access line and two stop lines:\n" + server.StandardOutput);
        foreach (var line in logLines)
        {
            var match = TextLogLine().Match(line);
            Assert.True(match.Success, "not a timestamped log line: " + line);
            AssertRecentUtc(match.Groups["timestamp"].Value);
        }

        Assert.Contains(logLines, l => l.Contains("status=404 ", StringComparison.Ordinal) && l.Contains($"({requestId})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonFormat_StandardOutputIsOneJsonObjectPerLine_WithTimestampAndFields()
    {
        using var data = new TempDirectory("coffer-json-log-");
        using var server = await ServerProcess.StartAsync(data.Path, AccessKey, SecretKey, arguments: ["--log-format", "json"]);
        var requestId = await RefusedGetAsync(server);
        await StopAsync(server);

        // The banner, written for people, is on standard error.
        Assert.Contains("Coffer listening on", server.Output, StringComparison.Ordinal);
        var lines = server.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length >= 4, "expected a refusal, an access line and two stop lines:\n" + server.StandardOutput);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        foreach (var entry in entries)
        {
            Assert.Equal(JsonValueKind.Object, entry.ValueKind);
            AssertRecentUtc(entry.GetProperty("Timestamp").GetString()!);
        }

        var access = Assert.Single(entries, e => e.GetProperty("Category").GetString() == "Coffer.S3.Logging.AccessLog");
        var state = access.GetProperty("State");
        Assert.Equal(requestId, state.GetProperty("RequestId").GetString());
        Assert.Equal(404, state.GetProperty("Status").GetInt32());
        Assert.Equal("anonymous", state.GetProperty("Principal").GetString());
        Assert.Equal("GetObject", state.GetProperty("Operation").GetString());
        Assert.True(state.GetProperty("BytesSent").GetInt64() > 0);
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Stopped: 0 request(s) drained", StringComparison.Ordinal));
    }

    /// <summary>An unsigned GET of a bucket that does not exist, refused with 404 NoSuchBucket; returns its request id.</summary>
    private static async Task<string> RefusedGetAsync(ServerProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        using var response = await http.GetAsync("/some-bucket/some-key");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        return response.Headers.GetValues("x-amz-request-id").Single();
    }

    /// <summary>A clean stop, after which every line is written out.</summary>
    private static async Task StopAsync(ServerProcess server) => Assert.Equal(0, await server.TerminateAsync(Patience));

    /// <summary>The lines after the banner's last one (its "aws ... s3 cp" example).</summary>
    private static List<string> LinesAfterTheBanner(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var bannerEnd = lines.FindLastIndex(l => l.Contains(" s3 cp ", StringComparison.Ordinal));
        Assert.True(bannerEnd >= 0, "no banner in:\n" + output);
        return lines[(bannerEnd + 1)..];
    }

    private static void AssertRecentUtc(string timestamp)
    {
        Assert.Matches(IsoUtc(), timestamp);
        var parsed = DateTimeOffset.ParseExact(timestamp, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(parsed, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtc();

    [GeneratedRegex(@"^(?<timestamp>\S+) (trce|dbug|info|warn|fail|crit): \S+\[\d+\] ")]
    private static partial Regex TextLogLine();
}
