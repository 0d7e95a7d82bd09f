using System.Globalization;
using System.Text;

using Coffer.Engine.Sqlite;
using Coffer.Server.Hosting;

namespace Coffer.Server.Admin.Migration;

/// <summary>
/// The switch (the move contract, §3): the file that tells the server where its metadata went, and the table and
/// triggers that close the SQLite database to writes. Both happen inside the pause's transaction, the file first, so
/// that once the commit makes the move true the server can already read where to.
/// </summary>
internal static class SourceMove
{
    /// <summary>The file that names the target: the server reads it by the same name.</summary>
    public const string MovedFileName = MetadataMove.TargetFileName;

    /// <summary>Where the source was moved to (the target with any password removed), or null when it was not.</summary>
    public static string? MovedTo(SqliteSource source) =>
        source.TableExists("coffer_moved") ? source.Scalar("SELECT target FROM coffer_moved WHERE id = 1") as string : null;

    /// <summary>
    /// Writes DIR/metadata-moved: mode 0600 (the connection string may hold a password), written whole under a temporary
    /// name, fsynced, renamed into place, the directory fsynced.
    /// </summary>
    public static void WriteMovedFile(string dataDirectory, string target) =>
        PrivateFile.Replace(Path.Combine(dataDirectory, MovedFileName), Encoding.UTF8.GetBytes(target + "\n"));

    /// <summary>Removes a metadata-moved the move did not commit (a failed or killed pause), so no one follows it.</summary>
    public static bool RemoveUncommittedFile(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, MovedFileName);
        if (!File.Exists(path))
        {
            return false;
        }

        PrivateFile.Delete(path);
        return true;
    }

    /// <summary>Creates coffer_moved with its one row and the triggers that refuse every write; in the caller's transaction.</summary>
    public static void CloseToWrites(SqliteSource source, IReadOnlyList<MetadataTable> tables, string redactedTarget, DateTimeOffset movedAt)
    {
        source.Execute("CREATE TABLE coffer_moved (id INTEGER PRIMARY KEY CHECK (id = 1), target TEXT NOT NULL, moved_at TEXT NOT NULL) STRICT");
        source.Execute(
            "INSERT INTO coffer_moved (id, target, moved_at) VALUES (1, $1, $2)",
            redactedTarget,
            movedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        foreach (var table in tables)
        {
            foreach (var operation in new[] { "insert", "update", "delete" })
            {
                source.Execute(
                    $"CREATE TRIGGER coffer_moved_{table.Name}_{operation} BEFORE {operation.ToUpperInvariant()} ON {table.Name} " +
                    $"BEGIN SELECT RAISE(ABORT, '{SqliteMoveRecord.WriteRefusal}'); END");
            }
        }
    }
}
