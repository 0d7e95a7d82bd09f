using System.Globalization;
using System.Text;

namespace Coffer.Server.Hosting;

/// <summary>
/// One server per data directory, held from before the stores open until the process ends. Two servers on one
/// directory would both write the database and both collect blobs, each taking the other's fresh blobs for
/// orphans because they are older than its own start.
/// </summary>
/// <remarks>
/// The lock is an flock on <c>coffer.lock</c>: on Unix, .NET opens a file with FileShare.None under
/// flock(LOCK_EX | LOCK_NB) and keeps it while the stream is open. The kernel drops an flock when its holder dies,
/// SIGKILL included, so a crash leaves nothing to clean up by hand; and the lock belongs to the open file, not the
/// process, so a second host in the same process (as in the tests) is refused too, and disposing releases it.
/// While it is held, every .NET open of that file fails, whatever FileShare it asks for (each takes at least
/// LOCK_SH; tried with File.ReadAllText, FileStream with FileShare.ReadWrite | Delete and File.OpenHandle), so the
/// holder's process id goes into a file of its own, <c>coffer.pid</c>, for the refused server to name. (Only in the
/// instant between a new holder's lock and its write can a refused server read a killed predecessor's id.) The lock
/// is advisory: `coffer admin scrub`, which only reads, does not take it.
/// </remarks>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "coffer.lock";

    public const string ProcessIdFileName = "coffer.pid";

    private readonly FileStream _lock;
    private readonly string? _processIdPath;

    private DataDirectoryLock(FileStream @lock, string? processIdPath)
    {
        _lock = @lock;
        _processIdPath = processIdPath;
    }

    /// <summary>Takes the lock, or throws <see cref="DataDirectoryInUseException"/> when another server holds it.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory) => Acquire(dataDirectory, shared: false);

    /// <summary>
    /// Takes the lock shared, as every node of a deployment on one database does on the data directory they share
    /// (flock's LOCK_SH, which .NET takes for an open that lets others read and write): nodes admit each other, and a
    /// server on embedded SQLite, which wants the directory alone, is refused while any of them runs (and they while it
    /// runs). Linux's NFS client carries flock to the server as a lock of the whole file, so this holds across machines
    /// there too. The process id file names the embedded server's holder only: shared holders are many.
    /// </summary>
    public static DataDirectoryLock AcquireShared(string dataDirectory) => Acquire(dataDirectory, shared: true);

    private static DataDirectoryLock Acquire(string dataDirectory, bool shared)
    {
        var processIdPath = Path.Combine(dataDirectory, ProcessIdFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(
                Path.Combine(dataDirectory, FileName),
                PrivateFile.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, shared ? FileShare.ReadWrite : FileShare.None));
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            throw new DataDirectoryInUseException(dataDirectory, ReadProcessId(processIdPath), e);
        }

        if (shared)
        {
            return new DataDirectoryLock(stream, null);
        }

        try
        {
            // Replaced, not appended to: a server killed by SIGKILL left its own behind.
            using var processId = new FileStream(processIdPath, PrivateFile.Options(FileMode.Create, FileAccess.Write, FileShare.Read));
            processId.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new DataDirectoryLock(stream, processIdPath);
    }

    /// <summary>Removes the process id while the lock is still held (so no stale one outlives a clean stop), then lets go.</summary>
    public void Dispose()
    {
        try
        {
            if (_processIdPath is not null)
            {
                File.Delete(_processIdPath);
            }
        }
        finally
        {
            _lock.Dispose();
        }
    }

    // What .NET reports when flock finds the lock taken (EWOULDBLOCK: 11 on Linux, 35 on macOS and the BSDs), or,
    // on Windows, when the share mode refuses the open (ERROR_SHARING_VIOLATION). Any other failure (no space, no
    // permission) is not a second server and is left to surface as it is.
    private static bool IsHeldByAnother(IOException e) =>
        OperatingSystem.IsWindows() ? e.HResult == unchecked((int)0x80070020) : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    // Null when the holder has not written it yet (it takes the lock first) or it cannot be read.
    private static int? ReadProcessId(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
