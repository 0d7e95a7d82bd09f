namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Whether a running server's data directory (database, its WAL, blob files) holds given bytes: the proof that an
/// encrypted object's plaintext is nowhere on disk, and, for a plaintext object, that the scan finds what is there.
/// </summary>
public static class DataDirectoryScan
{
    /// <summary>
    /// Every file but the lock the running server holds exclusively (an empty file that keeps a second server out), and,
    /// for a server on PostgreSQL, every row of its database that holds bytes of objects (the content of small objects):
    /// there, the database's files are not in the data directory.
    /// </summary>
    public static bool Contains(CofferServer server, byte[] marker) =>
        Contains(server.DataDirectory, marker) || (server.Metadata is { } database && DatabaseContains(database, marker));

    private static bool DatabaseContains(string database, byte[] marker)
    {
        using var connection = new Npgsql.NpgsqlConnection(Engine.Postgres.PostgresConnectionString.Parse(database).ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM inline_blobs WHERE position($1 IN content) > 0)", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = marker });
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>The same for any directory: a tier's, or the data directory of a server run as a process.</summary>
    public static bool Contains(string directory, byte[] marker) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "coffer.lock")
            .Any(file => ReadShared(file).AsSpan().IndexOf(marker) >= 0);

    /// <summary>
    /// The file as it is now, read beside the server that has it open; empty when the server removed it since it was
    /// listed (a temporary file renamed, a blob moved to a tier and released), which a scan during moves meets; empty
    /// too while a writer holds it alone (a blob being written, under blobs/tmp until its rename), like a file not yet there.
    /// </summary>
    private static byte[] ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (Exception gone) when (gone is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (IOException) when (File.Exists(path))
        {
            return [];
        }
    }
}
