using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Logging;

/// <summary>
/// Whether a request failed because its connection ended: the client went away, or a stop cut it at the drain limit.
/// </summary>
public static class ConnectionEnd
{
    /// <summary>
    /// True when <paramref name="error"/> is the connection's end rather than a fault of Coffer's. Kestrel fails a
    /// pending body read with <see cref="ConnectionAbortedException"/> at once, but cancels
    /// <see cref="HttpContext.RequestAborted"/> on a thread-pool callback that may run a moment later, so the token
    /// alone would sometimes call a cut request an internal error.
    /// </summary>
    public static bool Explains(HttpContext context, Exception error) =>
        context.RequestAborted.IsCancellationRequested || IsAbort(error);

    private static bool IsAbort(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is ConnectionAbortedException)
            {
                return true;
            }

            if (error is not OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }
}
