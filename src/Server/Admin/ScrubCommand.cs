using System.CommandLine;
using System.Globalization;

using Coffer.Engine.FileSystem;
using Coffer.Engine.Maintenance;
using Coffer.Engine.Ports;
using Coffer.Engine.Postgres;
using Coffer.Engine.Sqlite;
using Coffer.Server.Configuration;
using Coffer.Server.Hosting;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin scrub`: reads every stored blob and checks it against its recorded length and
/// CRC64NVME. Unlike the other admin commands it does not talk to a server: it is a walk over the
/// data directory's disk, which only the machine holding it can do. It opens the database
/// read-only and writes nothing, so it runs as well beside a running server as without one.
/// </summary>
public static class ScrubCommand
{
    /// <summary>Exit code when the scrub found a corrupt or missing blob.</summary>
    public const int DamageFound = 1;

    /// <summary>Exit code when the data directory could not be scrubbed at all (no database, another schema).</summary>
    public const int CouldNotScrub = 2;

    public static Command Create()
    {
        var data = DataDirectoryOption.Create("The data directory to check: the one the server runs with (its --data)");
        var metadata = new Option<string>("--metadata")
        {
            Description = "The PostgreSQL database of a deployment on several nodes (their --metadata); without it, $COFFER_METADATA, else the data directory's own SQLite",
            DefaultValueFactory = _ => ServerSettings.FromEnvironmentOrDefault("metadata"),
        };
        var command = new Command(
            "scrub",
            "Read every stored blob from the data directory (--data) and check it against its checksum. Works on the disk " +
            "directly, not through a server, and only reads, so it may run beside a running server. Exit code 0: all blobs " +
            $"intact; {DamageFound}: corrupt or missing blobs were found (each is listed); {CouldNotScrub}: the directory could not be scrubbed.")
        {
            data,
            metadata,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(data)!, parse.GetValue(metadata) is { Length: > 0 } database ? database : null, parse.InvocationConfiguration, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string dataDirectory, string? database, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var output = console.Output;
        var data = Path.GetFullPath(dataDirectory);
        IBlobInventory inventory;
        IAsyncDisposable closing;
        FileSystemBlobStore blobs;
        try
        {
            // A directory whose metadata moved to PostgreSQL is checked against the database it moved to, as its server runs on.
            (database, _) = MetadataMove.Resolve(data, database);
            if (database is null)
            {
                var sqlite = SqliteBlobInventory.Open(Path.Combine(data, "metadata.db"));
                (inventory, closing) = (sqlite, new DisposeAsAsync(sqlite));
            }
            else
            {
                var postgres = await PostgresBlobInventory.OpenAsync(database, cancellationToken);
                (inventory, closing) = (postgres, postgres);
            }

            blobs = FileSystemBlobStore.OpenForReading(Path.Combine(data, "blobs"));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or MetadataDatabaseException
            or ConfigurationException)
        {
            await console.Error.WriteLineAsync($"coffer admin scrub: cannot scrub {data}: {e.Message}");
            return CouldNotScrub;
        }

        await using (closing)
        {
            // The bar only where a person watches: a redirected stderr (a log file, cron mail) gets the findings and the summary alone.
            using var bar = ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected ? new ProgressBar(console.Error) : null;
            var report = await new Scrubber(inventory, blobs).RunAsync(
                bar is null ? null : bar.Update,
                finding =>
                {
                    bar?.Clear();
                    output.WriteLine(Describe(finding, blobs));
                },
                cancellationToken);
            bar?.Clear();

            TextTable.Write(output, ["CHECKED", "COUNT"],
            [
                ["objects", Number(report.ObjectsChecked)],
                ["upload parts", Number(report.PartsChecked)],
                ["blobs", Number(report.BlobsChecked)],
                ["bytes", Number(report.BytesChecked)],
                ["corrupt blobs", Number(report.Corrupt)],
                ["missing blobs", Number(report.Missing)],
                ["unverifiable blobs (no stored checksum)", Number(report.Unverifiable)],
            ]);
            await output.WriteLineAsync(report.IsClean ? "No damage found." : "Damaged blobs found: see the lines above.");
            return report.IsClean ? 0 : DamageFound;
        }
    }

    private static string Describe(ScrubFinding finding, FileSystemBlobStore blobs)
    {
        var reference = finding.Reference;
        var where = reference.UploadId is { } upload
            ? $"upload {upload} part {reference.PartNumber}"
            : $"version {reference.VersionId}";
        var blob = reference.Segment.InlineContent is null ? blobs.PathOf(reference.Segment.Blob) : $"inline blob {reference.Segment.Blob}";
        var label = finding.Damage == Engine.Integrity.BlobDamage.Missing ? "MISSING" : "CORRUPT";
        // The key percent-encoded (slashes kept), as the server logs it: a key may hold spaces or line
        // breaks, and one finding must stay one line that a script can split.
        var key = S3.Http.UriEncoding.EncodeText(reference.Key, keepSlash: true);
        return $"{label} bucket {reference.Bucket} key {key} {where} blob {blob}: {finding.Problem}";
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class DisposeAsAsync(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
