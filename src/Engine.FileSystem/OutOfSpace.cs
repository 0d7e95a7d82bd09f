using Coffer.Engine.Errors;

namespace Coffer.Engine.FileSystem;

/// <summary>
/// Recognises the file system's "no space left" among I/O errors, so that a full disk reaches the
/// client as <see cref="EngineError.StorageFull"/> (fail fast, free space, try again) rather than
/// as an internal error that clients retry.
/// </summary>
internal static class OutOfSpace
{
    // On Unix, .NET puts the raw errno in an IOException's HResult; on Windows, the Win32 error as an HRESULT.
    private const int UnixNoSpace = 28;             // ENOSPC
    private const int UnixQuotaExceeded = 122;      // EDQUOT (Linux): the same to the client, a write that cannot fit
    private const int WindowsDiskFull = unchecked((int)0x80070070);       // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

    public static bool Is(IOException error) =>
        error.HResult is UnixNoSpace or UnixQuotaExceeded or WindowsDiskFull or WindowsHandleDiskFull;

    public static EngineException Refusal(IOException cause) =>
        new(EngineError.StorageFull, "The blob store has no space left: " + cause.Message, cause);
}
