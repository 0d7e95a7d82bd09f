using System.Diagnostics;
using System.Text.Json;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs one script from tests/clients/js/scenarios against a server. The script prints one JSON
/// line, {"scenario", "ok", ...}, and exits non-zero on any failure or mismatch.
/// </summary>
public static class NodeScenario
{
    public sealed record Run(string Scenario, int ExitCode, string Output, string Error)
    {
        /// <summary>The script's report: the last line it printed to stdout.</summary>
        public JsonElement Report
        {
            get
            {
                var line = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                    ?? throw new InvalidOperationException($"{Scenario} printed no report. {this}");
                using var document = JsonDocument.Parse(line);
                return document.RootElement.Clone();
            }
        }

        public override string ToString() => $"scenario {Scenario} exited {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    /// <summary>Runs the script signed as root, or as <paramref name="signer"/> when given.</summary>
    public static async Task<Run> RunAsync(CofferServer server, string scenario, string bucket, UserKey? signer = null)
    {
        var start = new ProcessStartInfo(ExecutablePath.Require("node", NodeProject.InstallHint)) { WorkingDirectory = NodeProject.Folder };
        start.ArgumentList.Add(Path.Combine("scenarios", scenario + ".mjs"));

        // The clients must run with their defaults, so nothing from the developer's AWS setup
        // (AWS_REQUEST_CHECKSUM_CALCULATION, a profile in ~/.aws/config) may reach them.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";

        // The SDK's notice that later releases will need Node 22 changes nothing in behaviour and
        // would bury a failing scenario's stack trace.
        start.Environment["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true";
        start.Environment["COFFER_ENDPOINT"] = server.Endpoint.ToString().TrimEnd('/');
        start.Environment["COFFER_REGION"] = CofferServer.Region;
        start.Environment["COFFER_ACCESS_KEY"] = signer?.AccessKeyId ?? server.AccessKey;
        start.Environment["COFFER_SECRET_KEY"] = signer?.SecretAccessKey ?? server.SecretKey;
        start.Environment["COFFER_BUCKET"] = bucket;

        var result = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2));
        return new Run(scenario, result.ExitCode, result.Output, result.Error);
    }
}
