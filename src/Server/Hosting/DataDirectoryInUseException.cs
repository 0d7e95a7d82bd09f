namespace Coffer.Server.Hosting;

/// <summary>Another Coffer server holds the data directory's lock: this one must not open it.</summary>
public sealed class DataDirectoryInUseException(string dataDirectory, int? holderProcessId, Exception inner)
    : IOException(Describe(dataDirectory, holderProcessId), inner)
{
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The holder's process id, or null when it could not be learned (it was still writing it down, say).</summary>
    public int? HolderProcessId { get; } = holderProcessId;

    private static string Describe(string dataDirectory, int? holderProcessId) =>
        $"the data directory {dataDirectory} is in use by another Coffer server "
        + (holderProcessId is { } pid ? $"(PID {pid})" : "(its PID is unknown)");
}
