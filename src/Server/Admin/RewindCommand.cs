using System.CommandLine;
using System.Globalization;
using System.Xml.Linq;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin rewind BUCKET --to TIME [--prefix P] [--dry-run]`: makes every key under the prefix look as it did at
/// that instant, through the server's RewindBucket call, a batch of keys at a time. Prints each key it changes (or
/// would change) and a summary; a status line counts keys on a terminal. Interrupted, it is finished by running it
/// again: keys already rewound are left alone.
/// </summary>
internal static class RewindCommand
{
    public delegate Command LeafFactory(
        string name, string description, AdminOptions options, Argument[] arguments, Func<ParseResult, AdminSession, CancellationToken, Task> action);

    public static Command Create(AdminOptions options, LeafFactory leaf)
    {
        var bucket = new Argument<string>("BUCKET") { Description = "The bucket to rewind; its versioning must be enabled" };
        var to = new Option<string>("--to")
        {
            Description = "The instant to go back to, in ISO 8601 (2026-12-01T09:30:00Z; without a zone, UTC)",
            Required = true,
        };
        var prefix = new Option<string>("--prefix") { Description = "Rewind only the keys that start with this", DefaultValueFactory = _ => "" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change, and change nothing" };
        var command = leaf(
            "rewind",
            "Make every key of a bucket (or under --prefix) look as it did at an instant: changed keys get their version of " +
            "then back as a new current version, keys made since get a delete marker. Nothing is deleted and no object is " +
            "copied (the new versions share the old versions' data). Safe to run again: what is already rewound is left alone",
            options,
            [bucket],
            (parse, admin, ct) => RunAsync(admin, parse.GetValue(bucket)!, parse.GetValue(to)!, parse.GetValue(prefix)!, parse.GetValue(dryRun), ct));
        command.Add(to);
        command.Add(prefix);
        command.Add(dryRun);
        return command;
    }

    private static async Task RunAsync(AdminSession admin, string bucket, string to, string prefix, bool dryRun, CancellationToken cancellationToken)
    {
        var output = admin.Output;
        var onTerminal = !Console.IsErrorRedirected && ReferenceEquals(output, Console.Out);
        var (examined, restored, hidden) = (0L, 0L, 0L);
        string? after = null;
        do
        {
            List<KeyValuePair<string, string>> parameters = [new("Bucket", bucket), new("To", to), new("Prefix", prefix), new("DryRun", dryRun ? "true" : "false")];
            if (after is not null)
            {
                parameters.Add(new("After", after));
            }

            var batch = await admin.CofferAsync("RewindBucket", parameters, cancellationToken);
            if (onTerminal)
            {
                await Console.Error.WriteAsync('\r' + new string(' ', 60) + '\r');
            }

            foreach (var change in batch.Descendants().Where(e => e.Name.LocalName == "member"))
            {
                var kind = Text(change, "Change");
                var key = Uri.UnescapeDataString(Text(change, "Key"));
                await output.WriteLineAsync($"{(dryRun ? "would be " : "")}{(kind == "Hidden" ? "hidden  " : "restored")}  {key}");
                (restored, hidden) = kind == "Hidden" ? (restored, hidden + 1) : (restored + 1, hidden);
            }

            examined += long.Parse(Text(batch, "KeysExamined"), CultureInfo.InvariantCulture);
            after = Text(batch, "IsTruncated") == "true" ? Uri.UnescapeDataString(Text(batch, "NextKey")) : null;
            if (onTerminal && after is not null)
            {
                await Console.Error.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{examined:N0} keys examined, {restored + hidden:N0} {(dryRun ? "to change" : "changed")}..."));
            }
        }
        while (after is not null);

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"{(dryRun ? "Dry run: " : "")}{examined:N0} keys examined under '{prefix}' in {bucket}: {restored:N0} {(dryRun ? "would be " : "")}restored, " +
            $"{hidden:N0} {(dryRun ? "would be " : "")}hidden, {examined - restored - hidden:N0} already as they were at {to}."));
    }

    private static string Text(XElement element, string localName) => QueryApiClient.Child(element, localName) ?? "";
}
