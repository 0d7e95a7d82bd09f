using System.Diagnostics;
using System.Globalization;
using System.Text;

using Coffer.Engine.Postgres;
using Coffer.Server.Hosting;

using Microsoft.Data.Sqlite;

using Npgsql;

namespace Coffer.Server.Admin.Migration;

/// <summary>How a move ended.</summary>
internal enum MigrationOutcome
{
    Moved,
    AlreadyMoved,
}

/// <summary>
/// One run of <c>coffer admin migrate</c>: moves the metadata of a data directory from its SQLite database into
/// PostgreSQL while the server on it keeps serving, then switches the server over, as the move contract between this
/// tool and the server says (they meet only in metadata.db and the file metadata-moved; README, "Moving to
/// PostgreSQL"). Every step can be interrupted; a rerun picks up where the target's coffer_migration and the source's
/// change log say it was.
/// </summary>
internal sealed class MigrationRun(string dataDirectory, string target, TextWriter output, ProgressBar? bar, MigrationHooks hooks)
{
    /// <summary>A catch-up round this small means the pause will be short: it replays fewer changes than this.</summary>
    public const int SmallRound = 500;

    /// <summary>Under a write load that never lets a round get small, the pause comes anyway after this many.</summary>
    public const int MaxRounds = 10;

    private readonly string _data = Path.GetFullPath(dataDirectory);
    private readonly string _targetName = TargetName.Redact(target);

    public async Task<MigrationOutcome> RunAsync(CancellationToken cancellationToken)
    {
        // 1. The source: a data directory with a database not moved yet (or moved here already: nothing to do).
        if (!Directory.Exists(_data))
        {
            throw new MigrationRefusedException($"there is no data directory {_data}.");
        }

        using var source = SqliteSource.Open(Path.Combine(_data, "metadata.db"));
        if (SourceMove.MovedTo(source) is { } movedTo)
        {
            if (!PostgresConnectionString.SameDatabase(movedTo, target))
            {
                throw new MigrationRefusedException($"the metadata of {_data} was moved to {movedTo} already, not to {_targetName}.");
            }

            await output.WriteLineAsync($"The metadata of {_data} was moved to {movedTo} already: nothing to do.");
            return MigrationOutcome.AlreadyMoved;
        }

        if (SourceMove.RemoveUncommittedFile(_data))
        {
            await output.WriteLineAsync($"Removed the {SourceMove.MovedFileName} an interrupted move left behind (that move did not happen).");
        }

        // 2. The target, opened as a node opens it, and taken for this directory (or found taken for it by an earlier run).
        await using var postgres = await MigrationTarget.OpenAsync(target, cancellationToken);
        IReadOnlyList<MetadataTable> tables;
        await using (var connection = await postgres.OpenConnectionAsync(cancellationToken))
        {
            tables = await MetadataTables.ReadAsync(connection, source.Connection, cancellationToken);
        }

        var done = await postgres.ClaimAsync(DirectoryMarker(), tables, cancellationToken);
        await output.WriteLineAsync($"Moving the metadata of {_data} to {_targetName}" + (done.Count > 0 ? $" (resumed: {done.Count} of {tables.Count} tables copied before)." : "."));

        // 3. Change capture before the snapshot, so every change after the snapshot is recorded. Tables copied by a run
        // whose change log has since gone cannot be caught up: they are copied again.
        if (!ChangeCapture.Install(source, tables) && done.Count > 0)
        {
            await output.WriteLineAsync("The source's change log is gone, so the tables copied before cannot be caught up: copying them again.");
            await postgres.StartOverAsync(tables, cancellationToken);
            done = new HashSet<string>(StringComparer.Ordinal);
        }

        var replay = new ChangeReplay(source, postgres, tables);
        await CopyAsync(source, postgres, tables, done, replay, cancellationToken);

        // 4. Catch-up while the server goes on writing.
        await CatchUpAsync(source, replay, after: null, cancellationToken);

        // 5. Every table verified whole at one snapshot, still while the server writes; then the changes since caught up.
        if (hooks.BeforeVerify is { } beforeVerify)
        {
            await beforeVerify();
        }

        await output.WriteLineAsync("Verifying every table (row counts and checksums on both sides).");
        var (digests, verifiedAt) = await VerifyAsync(source, postgres, tables, replay, cancellationToken);
        var caughtUp = await CatchUpAsync(source, replay, after: verifiedAt, cancellationToken);

        // 6. The pause and the switch: only what changed since the verification is copied and compared.
        if (hooks.BeforePause is { } beforePause)
        {
            await beforePause();
        }

        var (replayed, compared, paused) = await PauseAndSwitchAsync(source, postgres, tables, replay, verifiedAt, caughtUp, cancellationToken);
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Writes paused for {paused.TotalSeconds:0.00} s: the last {replayed:N0} changes copied, {compared:N0} rows changed since the verification compared on both sides."));

        // 7. Tidying, which the move no longer depends on.
        try
        {
            ChangeCapture.Remove(source, tables);
            await postgres.FinishAsync(cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException)
        {
            await output.WriteLineAsync($"The move is done, but tidying up failed ({e.Message}); the leftover change log in metadata.db is harmless.");
        }

        await output.WriteLineAsync("As verified before the pause:");
        TextTable.Write(output, ["TABLE", "ROWS", "SHA-256 (both sides)"], digests.Select(digest => (IReadOnlyList<string>)
            [digest.Table, digest.Rows.ToString("N0", CultureInfo.InvariantCulture), digest.Sha256]));
        await output.WriteLineAsync($"Moved. The server on {_data} now runs on {_targetName}: {SourceMove.MovedFileName} names it for every later start.");
        return MigrationOutcome.Moved;
    }

    /// <summary>
    /// Copies every table not copied whole yet from one SQLite snapshot. Tables copied by an earlier run are from an
    /// earlier snapshot: each is first brought to this one, by replaying, as of this snapshot, the changes logged since,
    /// so that every table then reflects the same instant and a child copied now finds its parent.
    /// </summary>
    private async Task CopyAsync(
        SqliteSource source, MigrationTarget postgres, IReadOnlyList<MetadataTable> tables, IReadOnlySet<string> done, ChangeReplay replay, CancellationToken cancellationToken)
    {
        long snapshotLast;
        source.BeginSnapshot();
        try
        {
            // The first read starts the snapshot: it holds every change up to this one.
            snapshotLast = ChangeCapture.LastSequence(source);
            if (done.Count > 0)
            {
                await replay.ApplyLoggedAsync(change => done.Contains(change.Table), cancellationToken);
            }

            foreach (var table in tables.Where(table => !done.Contains(table.Name)))
            {
                var total = source.Count(table);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Copying {table.Name}: {total:N0} rows."));
                await postgres.CopyAsync(table, source.ReadAll(table, inKeyOrder: false), copied => bar?.Update(copied, total, "rows"), cancellationToken);
                bar?.Clear();
                if (hooks.TableCopied is { } tableCopied)
                {
                    await tableCopied(table.Name);
                }
            }
        }
        finally
        {
            bar?.Clear();
            source.Commit();
        }

        // The target holds every change up to the snapshot's last now; only later ones need replaying.
        ChangeCapture.Forget(source, snapshotLast);
    }

    /// <summary>
    /// Catch-up rounds while the server goes on writing, until one is small or <see cref="MaxRounds"/> have run. Without
    /// <paramref name="after"/>, each replays the oldest changes logged and forgets them; after the verification, each
    /// replays the changes after the last one replayed and keeps them in the log, for the pause to compare their rows.
    /// Returns the last change replayed (or <paramref name="after"/>).
    /// </summary>
    private async Task<long?> CatchUpAsync(SqliteSource source, ChangeReplay replay, long? after, CancellationToken cancellationToken)
    {
        for (var round = 1; round <= MaxRounds; round++)
        {
            var (changes, last) = await ReplayBatchAsync(source, replay, after, cancellationToken);
            after = after is null ? null : last;
            var since = after is null ? "" : " since the verification";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Catch-up round {round}{since}: {changes:N0} changes."));
            if (changes < SmallRound)
            {
                break;
            }
        }

        return after;
    }

    /// <summary>
    /// Replays a batch of logged changes: the oldest, forgetting them once the target holds them (without
    /// <paramref name="after"/>), or those after <paramref name="after"/>, kept. Returns how many there were and the last one's
    /// sequence number (<paramref name="after"/>, or 0, when there were none).
    /// </summary>
    private static async Task<(int Count, long Last)> ReplayBatchAsync(SqliteSource source, ChangeReplay replay, long? after, CancellationToken cancellationToken)
    {
        var changes = ChangeCapture.Read(source, replay.Tables, after ?? 0, ChangeReplay.BatchSize);
        if (changes.Count == 0)
        {
            return (0, after ?? 0);
        }

        await replay.ApplyAsync(changes, cancellationToken);
        if (after is null)
        {
            // Only once the target has committed them: a crash in between leaves them logged, and replaying them again is harmless.
            ChangeCapture.Forget(source, changes[^1].Sequence);
        }

        return (changes.Count, changes[^1].Sequence);
    }

    /// <summary>
    /// Verifies every table whole at one SQLite snapshot, without holding the server's writers: in the snapshot, the
    /// changes it holds are replayed (so the target is at the same instant), then both sides are counted and checksummed.
    /// Returns the digests and the snapshot's last change: the target was equal to SQLite as of that change, so what the
    /// pause must compare is only the rows of changes after it. The changes up to it are forgotten.
    /// </summary>
    private static async Task<(IReadOnlyList<TableDigest> Digests, long VerifiedAt)> VerifyAsync(
        SqliteSource source, MigrationTarget postgres, IReadOnlyList<MetadataTable> tables, ChangeReplay replay, CancellationToken cancellationToken)
    {
        IReadOnlyList<TableDigest> digests;
        long verifiedAt;
        source.BeginSnapshot();
        try
        {
            // The first read starts the snapshot: it holds every change up to this one, and the rows as of it.
            verifiedAt = ChangeCapture.LastSequence(source);
            await replay.ApplyLoggedAsync(_ => true, cancellationToken);

            var (sourceDigests, targetDigests) = await TableChecksums.ComputeAsync(source, postgres, tables, cancellationToken);
            foreach (var (expected, actual) in sourceDigests.Zip(targetDigests))
            {
                if (expected.Rows != actual.Rows)
                {
                    throw new MigrationMismatchException(expected.Table, $"SQLite has {expected.Rows} rows, the target {actual.Rows}");
                }

                if (expected.Sha256 != actual.Sha256)
                {
                    throw new MigrationMismatchException(expected.Table, $"{expected.Rows} rows on each side, but their checksums differ");
                }
            }

            digests = sourceDigests;
        }
        finally
        {
            source.Commit();
        }

        ChangeCapture.Forget(source, verifiedAt);
        return (digests, verifiedAt);
    }

    /// <summary>
    /// The move contract's §2 and §3: SQLite's write lock held while the last changes are copied and the rows of every
    /// change since the verification are compared on both sides (<see cref="ChangedRows"/>), then metadata-moved written
    /// and the database closed to writes, in the same transaction, which the commit makes true at once. Any failure
    /// before the commit rolls it back and removes the file: the move did not happen.
    /// </summary>
    private async Task<(long Replayed, long Compared, TimeSpan Paused)> PauseAndSwitchAsync(
        SqliteSource source, MigrationTarget postgres, IReadOnlyList<MetadataTable> tables, ChangeReplay replay, long verifiedAt, long? caughtUp,
        CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Pausing writes: copying the last changes and comparing the rows changed since the verification.");
        var paused = Stopwatch.StartNew();
        source.BeginImmediate();
        var fileWritten = false;
        try
        {
            long replayed = 0;
            var after = caughtUp ?? verifiedAt;
            while (await ReplayBatchAsync(source, replay, after, cancellationToken) is ( > 0 and var count, var last))
            {
                replayed += count;
                after = last;
            }

            var compared = await ChangedRows.CompareAsync(source, postgres, replay.Tables, verifiedAt, cancellationToken);
            SourceMove.WriteMovedFile(_data, target);
            fileWritten = true;
            SourceMove.CloseToWrites(source, tables, _targetName, DateTimeOffset.UtcNow);
            source.Commit();
            paused.Stop();
            return (replayed, compared, paused.Elapsed);
        }
        catch
        {
            try
            {
                source.Rollback();
            }
            catch (SqliteException)
            {
                // The transaction is gone already (a failed commit ends it): nothing to roll back.
            }

            if (fileWritten)
            {
                SourceMove.RemoveUncommittedFile(_data);
            }

            throw;
        }
    }

    /// <summary>
    /// The data directory's blob-directory.id, made now if the directory has none (a server on SQLite never needs one):
    /// the id by which the target knows which directory's move it holds, and by which nodes on the target check that
    /// they share this directory.
    /// </summary>
    private string DirectoryMarker()
    {
        var path = Path.Combine(_data, MetadataStores.MarkerFileName);
        if (!File.Exists(path))
        {
            try
            {
                PrivateFile.Create(path, Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N")));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Made meanwhile by another; that one stands.
            }
        }

        return File.ReadAllText(path).Trim();
    }
}
