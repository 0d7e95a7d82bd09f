using Coffer.Engine.Postgres;
using Coffer.Engine.Sqlite;
using Coffer.Server.Configuration;

using Microsoft.Data.Sqlite;

namespace Coffer.Server.Hosting;

/// <summary>
/// A data directory whose embedded metadata was moved to PostgreSQL by `coffer admin migrate` (the move contract in
/// docs/scale-out.md): its metadata.db records the move and refuses writes, and the file <see cref="TargetFileName"/>
/// beside it holds the new database's full connection string (password included, mode 0600, like the directory's other
/// secrets). Every command that opens the directory reads it here and runs on the new database instead.
/// </summary>
/// <param name="Record">The move as the database records it: the new database without its password, and when.</param>
/// <param name="Target">The new database's connection string from <see cref="TargetFileName"/>; null when the file is missing or empty.</param>
public sealed record MetadataMove(SqliteMoveRecord Record, string? Target)
{
    /// <summary>The file in the data directory that names the database the metadata moved to.</summary>
    public const string TargetFileName = "metadata-moved";

    /// <summary>
    /// The move recorded in <paramref name="dataDirectory"/>, or null when its metadata never moved (or it has no
    /// metadata.db). Read-only and cheap: a running server asks every second.
    /// </summary>
    public static MetadataMove? Read(string dataDirectory)
    {
        if (SqliteMoveRecord.Read(Path.Combine(dataDirectory, "metadata.db")) is not { } record)
        {
            return null;
        }

        var file = Path.Combine(dataDirectory, TargetFileName);
        var target = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
        return new MetadataMove(record, target.Length > 0 ? target : null);
    }

    /// <summary>
    /// The metadata a command on <paramref name="dataDirectory"/> runs on, given its <c>--metadata</c> (null when not
    /// given), and the move that decided it (null when the directory's metadata never moved: then it is
    /// <paramref name="given"/> itself). Throws <see cref="ConfigurationException"/>, one line, when the directory moved
    /// and <paramref name="given"/> names another database, or names none and the file of the target is missing.
    /// </summary>
    public static (string? Metadata, MetadataMove? Move) Resolve(string dataDirectory, string? given)
    {
        MetadataMove? move;
        try
        {
            move = Read(dataDirectory);
        }
        catch (SqliteException) when (given is not null)
        {
            // A node given its database does not need the embedded one, and SQLite may be unable to open it where nodes
            // share the directory (a network filesystem without the shared memory its WAL reads through): it starts.
            return (given, null);
        }

        return move is null ? (given, null) : (move.MetadataFor(dataDirectory, given), move);
    }

    /// <summary>"metadata moved to postgresql://… on 2026-12-07T09:00:00Z", for the lines that say so.</summary>
    public string Describe() => $"metadata moved to {Record.Target} on {MovedOn}";

    /// <summary>When the move happened (ISO 8601, UTC), as the database records it.</summary>
    public string MovedOn => Record.MovedAt;

    /// <summary>The new database without its password, as the moved database records it: fit for a log line.</summary>
    public string RedactedTarget => Record.Target;

    /// <summary>The move without its password: a record would otherwise print <see cref="Target"/> whole wherever it is logged.</summary>
    public override string ToString() => Describe();

    private string MetadataFor(string dataDirectory, string? given)
    {
        // Compared with the recorded database rather than the file, so that a node given the database explicitly (the
        // nodes of a deployment all are) still starts when the file was lost; a password of its own is its to use.
        if (given is not null)
        {
            return PostgresConnectionString.SameDatabase(given, Record.Target)
                ? given
                : throw new ConfigurationException(
                    $"--metadata names another database than the one {Path.GetFullPath(dataDirectory)}'s metadata moved to ({Record.Target}): " +
                    "give that one, or leave --metadata out.");
        }

        return Target ?? throw new ConfigurationException(
            $"--data {Path.GetFullPath(dataDirectory)}: its {Describe()}, but {Path.Combine(Path.GetFullPath(dataDirectory), TargetFileName)}, " +
            "which holds its connection string, is missing: put the connection string back in it (mode 0600), or give it as --metadata.");
    }
}
