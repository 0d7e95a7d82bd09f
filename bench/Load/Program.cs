using Coffer.Bench.Load.Options;
using Coffer.Bench.Load.Reporting;
using Coffer.Bench.Load.Transport;
using Coffer.Bench.Load.Workloads;

// coffer-load: S3 (or plain HTTP) load from one client process, reported as warp does: ops/s, MiB/s, latency percentiles.
// Exit codes: 0 the run had no errors, 1 some operations failed, 2 the command line or the preparation failed.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(UsageText.Text);
    return 0;
}

LoadOptions options;
try
{
    options = OptionParser.Parse(args);
}
catch (UsageException error)
{
    await Console.Error.WriteLineAsync($"coffer-load: {error.Message}\n\n{UsageText.Text}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the run and still reports it; a second one kills the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

using var client = LoadHttpClient.Create(options.Concurrency);
var workload = WorkloadFactory.Create(options, client);
try
{
    await workload.PrepareAsync(cancel.Token);
}
catch (Exception error) when (error is LoadFailure or HttpRequestException or UsageException or OperationCanceledException)
{
    await Console.Error.WriteLineAsync($"coffer-load: preparation failed: {error.Message}");
    return 2;
}

var bound = options.Duration is { } duration ? $"{duration.TotalSeconds:0.###} s" : $"{options.Ops} ops";
await Console.Error.WriteLineAsync(
    $"{RunNames.Workload(options)} against {options.Endpoint} ({RunNames.Mode(options)}): {options.Concurrency} workers, {bound}, {options.Objects} objects");
var findings = await WorkloadRunner.RunAsync(workload, options, cancel.Token);

TableReport.Write(Console.Out, options, findings);
if (options.JsonPath is { } path)
{
    await using var file = File.Create(path);
    JsonReport.Write(file, options, findings);
}

return findings.Errors.Count > 0 ? 1 : 0;
