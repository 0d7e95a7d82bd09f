using System.CommandLine;
using System.Globalization;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin lifecycle run [BUCKET]`: runs a lifecycle pass now, through the running server's RunLifecycle call, a
/// batch at a time (as `rewind` does, and for its reasons: the server holds the data directory, a pass over a large
/// bucket outlasts any one request, and a bar can move between batches). The pass starts over for each bucket, so it
/// acts on what is due now even where today's pass is finished; what it already did is not done twice. Prints one row
/// per bucket.
/// </summary>
internal static class LifecycleCommand
{
    private static readonly string[] Columns =
        ["Examined", "Expired", "NoncurrentRemoved", "DeleteMarkerRemoved", "UploadAborted", "Transitioned", "SkippedForLock", "TransitionFailed", "TransitionUnavailable"];

    public static Command Create(AdminOptions options, RewindCommand.LeafFactory leaf)
    {
        var bucket = new Argument<string?>("BUCKET") { Description = "Only this bucket; without it, every bucket", Arity = ArgumentArity.ZeroOrOne };
        var run = leaf(
            "run",
            "Run a lifecycle pass now: expire, remove and transition what the buckets' rules make due, remove expired delete " +
            "markers, and abort incomplete multipart uploads (by the rules, else after 7 days). Safe to run again",
            options,
            [bucket],
            (parse, admin, ct) => RunAsync(admin, parse.GetValue(bucket), ct));
        return new Command("lifecycle", "Act on the buckets' lifecycle rules") { run };
    }

    private static async Task RunAsync(AdminSession admin, string? only, CancellationToken cancellationToken)
    {
        var output = admin.Output;
        IReadOnlyList<string> buckets = only is not null
            ? [only]
            : [.. (await admin.CofferAsync("ListLifecycleBuckets", [], cancellationToken)).Descendants().Where(e => e.Name.LocalName == "member").Select(e => e.Value)];

        var onTerminal = !Console.IsErrorRedirected && ReferenceEquals(output, Console.Out);
        using var bar = onTerminal ? new ProgressBar(Console.Error) : null;
        var rows = new List<IReadOnlyList<string>>();
        for (var index = 0; index < buckets.Count; index++)
        {
            var totals = new long[Columns.Length];
            var startOver = true;
            while (true)
            {
                var batch = await admin.CofferAsync(
                    "RunLifecycle", [new("Bucket", buckets[index]), new("StartOver", startOver ? "true" : "false")], cancellationToken);
                startOver = false;
                for (var column = 0; column < Columns.Length; column++)
                {
                    totals[column] += long.Parse(QueryApiClient.Child(batch, Columns[column]) ?? "0", CultureInfo.InvariantCulture);
                }

                bar?.Update(index, buckets.Count, $"buckets, {totals[0]:N0} versions and uploads examined");
                if (QueryApiClient.Child(batch, "Done") == "true")
                {
                    break;
                }
            }

            rows.Add([buckets[index], .. totals.Take(7).Select(Number)]);
            if (totals[7] + totals[8] > 0)
            {
                bar?.Clear();
                await output.WriteLineAsync(
                    $"{buckets[index]}: transitions not made: {Number(totals[7])} refused by the target tier, {Number(totals[8])} with no storage class transitions on the server");
            }
        }

        bar?.Clear();
        TextTable.Write(output, ["BUCKET", "EXAMINED", "EXPIRED", "NONCURRENT REMOVED", "MARKERS REMOVED", "UPLOADS ABORTED", "TRANSITIONED", "KEPT BY LOCK"], rows);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Lifecycle pass done: {buckets.Count:N0} bucket(s)."));
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
