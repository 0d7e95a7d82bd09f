using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

using Coffer.Engine.Encryption;
using Coffer.Engine.Ports;
using Coffer.Engine.Sqlite;
using Coffer.Server.Configuration;
using Coffer.Server.Credentials;
using Coffer.Server.Hosting;

namespace Coffer.Server.Admin;

/// <summary>
/// `coffer admin kms rotate-master`: a new master key, and every key the old one wrapped (SSE-S3 data keys, the key
/// service's key material) rewrapped under it, in the metadata only: no object byte is read or written. It works on
/// the data directory, not through a server, and takes the directory's lock, so the server must be stopped: a server
/// that went on wrapping under the old key, or never learned the new one, is what the lock rules out.
/// </summary>
/// <remarks>
/// Crash safety rests on one order: (1) the old key goes into the retiring file beside the key file, durably; (2) the new
/// key replaces the key file, atomically; (3) wrapped keys are rewrapped in batches, each one transaction of
/// compare-and-set replacements; (4) only when a walk found nothing left under a retiring key does the retiring file go.
/// At every instant, every wrapped key names a key that the server would load (the key file's, or a retiring one).
/// A run that finds retiring keys other than the current one resumes that rotation instead of starting another.
/// </remarks>
internal static class RotateMasterCommand
{
    /// <summary>
    /// Exit code when the run ended with keys left under a retiring key: run it again (after a look at the findings).
    /// Not 2, which every coffer command answers to a command line it cannot parse.
    /// </summary>
    public const int Incomplete = 3;

    private const string Name = "coffer admin kms rotate-master";

    public static Command Create()
    {
        var data = DataDirectoryOption.Create("The data directory of the stopped server (its --data)");
        var keyFile = new Option<string>("--master-key-file")
        {
            Description = "The server's master key file (its --master-key-file), replaced in place by the new key; without it, " +
                "$COFFER_MASTER_KEY_FILE, else DIR/master.key",
            DefaultValueFactory = _ => ServerSettings.FromEnvironmentOrDefault("master-key-file"),
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Wrapped keys rewrapped per transaction",
            DefaultValueFactory = _ => MasterKeyRotation.DefaultBatchSize,
        };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--batch-size must be 1 or more.");
            }
        });

        // For tests: stop after this many batches, as a crash would.
        var stopAfterBatches = new Option<int?>("--stop-after-batches") { Hidden = true };
        var command = new Command(
            "rotate-master",
            "Make a new master key and rewrap every key the old one wrapped (SSE-S3 data keys, KMS key material) under it, " +
            "without reading or writing any object. Works on the data directory; stop the server first. The old key is kept " +
            "in MASTER-KEY-FILE.retiring until every key it wrapped is rewrapped; after a crash or a stop, run it again to " +
            $"finish. Exit code 0: done; 1 or 2: refused, nothing changed; {Incomplete}: keys are left, run it again")
        {
            data,
            keyFile,
            batchSize,
            stopAfterBatches,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(data)!,
            parse.GetValue(keyFile) is { Length: > 0 } named ? named : null,
            parse.GetValue(batchSize),
            parse.GetValue(stopAfterBatches),
            parse.InvocationConfiguration,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string dataDirectory, string? namedKeyFile, int batchSize, int? stopAfterBatches, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        // Everything is checked before anything changes: a refusal leaves the directory and the key files as they were.
        var data = Path.GetFullPath(dataDirectory);
        var database = Path.Combine(data, "metadata.db");
        if (Check(data, database, namedKeyFile, out var keyFile, out var current, out var retiring) is { } refusal)
        {
            await console.Error.WriteLineAsync($"{Name}: {refusal}");
            return 1;
        }

        DataDirectoryLock directoryLock;
        try
        {
            directoryLock = DataDirectoryLock.Acquire(data);
        }
        catch (DataDirectoryInUseException running)
        {
            await console.Error.WriteLineAsync($"{Name}: {running.Message}: stop the server first.");
            return 1;
        }

        using (directoryLock)
        {
            SqliteMetadataStore store;
            try
            {
                store = await SqliteMetadataStore.OpenAsync(database, cancellationToken);
            }
            catch (Exception error) when (error is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                await console.Error.WriteLineAsync($"{Name}: --data: cannot open {database}: {error.Message}");
                return 1;
            }

            await using var opened = store;
            var resumed = retiring.Any(key => MasterKeyring.IdOf(key) != MasterKeyring.IdOf(current));
            if (!resumed)
            {
                try
                {
                    (current, retiring) = Begin(keyFile, current);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    await console.Error.WriteLineAsync($"{Name}: --master-key-file: cannot write beside {keyFile}: {error.Message}");
                    return 1;
                }
            }

            using var keys = new MasterKeyring(current, retiring);
            var retiringIds = string.Join(", ", retiring.Select(key => MasterKeyring.IdOf(key)).Distinct());
            await console.Output.WriteLineAsync(resumed
                ? $"Resuming the rotation from {retiringIds} to {keys.CurrentKeyId}."
                : $"New master key {keys.CurrentKeyId} in {keyFile}; {retiringIds} kept in {RetiringMasterKeys.PathFor(keyFile)} until every key it wrapped is rewrapped.");

            var report = await RewrapAsync(new MasterKeyRotation(store, keys), batchSize, stopAfterBatches, console, cancellationToken);
            if (!report.Complete)
            {
                await console.Output.WriteLineAsync(
                    $"Not finished: {retiringIds} stay in {RetiringMasterKeys.PathFor(keyFile)}. Run `{Name}` again to go on " +
                    "(rows it cannot rewrap are listed above).");
                return Incomplete;
            }

            // 4. Nothing the retiring keys wrapped is left: from here the key file's key alone opens everything.
            RetiringMasterKeys.Remove(keyFile);
            await console.Output.WriteLineAsync($"Retired {retiringIds}: {RetiringMasterKeys.PathFor(keyFile)} is removed.");
            return 0;
        }
    }

    /// <summary>Null when the data directory and the key files can be used, else what is wrong with which option.</summary>
    private static string? Check(string data, string database, string? namedKeyFile, out string keyFile, out byte[] current, out IReadOnlyList<byte[]> retiring)
    {
        (keyFile, current, retiring) = (Path.GetFullPath(MasterKey.PathOf(data, namedKeyFile)), [], []);
        if (File.Exists(Path.Combine(data, Hosting.MetadataStores.MarkerFileName)))
        {
            // Its wrapped keys are in PostgreSQL: rotating here would rewrap none of them and retire the key they need.
            return $"--data: {data} holds the blobs of a deployment on PostgreSQL (--metadata); rotate-master does not rotate one yet, and changed nothing.";
        }

        if (!File.Exists(database))
        {
            return $"--data: {data} is not a Coffer data directory (it has no metadata.db).";
        }

        try
        {
            current = MasterKey.Load(keyFile);
            retiring = RetiringMasterKeys.Read(keyFile);
            return null;
        }
        catch (Exception error) when (error is ConfigurationException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return $"--master-key-file: {error.Message}";
        }
    }

    /// <summary>Steps 1 and 2: the current key becomes retiring, then a new key becomes current; returns the new (current, retiring).</summary>
    private static (byte[] Current, IReadOnlyList<byte[]> Retiring) Begin(string keyFile, byte[] current)
    {
        // 1. First the old key beside the key file, durably: once the key file is replaced, only this copy of it is left.
        // (Any retiring file already there holds only this same key, from a run that stopped between steps 1 and 2.)
        RetiringMasterKeys.Write(keyFile, [current]);

        // 2. Then the new key, by rename: a crash leaves the old key file or the new one, and the old key is retiring either way.
        var next = RandomNumberGenerator.GetBytes(MasterKeyring.KeySize);
        PrivateFile.Replace(keyFile, next);
        return (next, [current]);
    }

    /// <summary>Step 3, with a progress bar where a person watches, findings as they come, and a summary line.</summary>
    private static async Task<MasterKeyRotationReport> RewrapAsync(
        MasterKeyRotation rotation, int batchSize, int? stopAfterBatches, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        var output = console.Output;
        var elapsed = Stopwatch.StartNew();
        using var bar = ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected ? new ProgressBar(console.Error) : null;
        var report = await rotation.RunAsync(
            batchSize,
            stopAfterBatches,
            bar is null ? null : bar.Update,
            finding =>
            {
                bar?.Clear();
                output.WriteLine($"cannot rewrap {Describe(finding.Key)}: {finding.Reason}");
            },
            cancellationToken);
        bar?.Clear();

        var skipped = new List<string>
        {
            Count(report.AlreadyCurrent, "already under it"),
            Count(report.NotMasterWrapped, "wrapped by a KMS or customer key"),
        };
        if (report.Changed > 0)
        {
            skipped.Add(Count(report.Changed, "changed meanwhile"));
        }

        if (report.Unopenable + report.Unreadable > 0)
        {
            skipped.Add(Count(report.Unopenable + report.Unreadable, "that cannot be rewrapped"));
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Rewrapped {report.Rewrapped:N0} keys under {report.CurrentKeyId}; skipped {report.Skipped:N0} ({string.Join(", ", skipped)}); " +
            $"{elapsed.Elapsed.TotalSeconds:0.0} s{(report.Stopped ? "; stopped early" : "")}."));
        return report;
    }

    private static string Count(long count, string what) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {what}");

    private static string Describe(StoredWrappedKey key) => key.Position.Holder switch
    {
        WrappedKeyHolder.VersionSegment => $"the data key of blob {key.Blob?.Value} (a stored version)",
        WrappedKeyHolder.UploadPart => $"the data key of blob {key.Blob?.Value} (an open upload's part)",
        _ => $"the material of KMS key {key.KmsKeyId}, version {key.KmsKeyVersion}",
    };
}
