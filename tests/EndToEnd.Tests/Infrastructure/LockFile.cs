namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An exclusive lock between processes, held while the returned stream is open. .NET takes an
/// advisory flock for FileShare.None on Unix, so a second holder fails to open until the first
/// lets go, even if the first was killed.
/// </summary>
public static class LockFile
{
    public static async Task<IDisposable> AcquireAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}
