using System.Diagnostics;

namespace Coffer.Server.Hosting;

/// <summary>
/// Counts the requests being served, so that a stop can say how many it waits for and how many it cut.
/// The first step of the pipeline: one interlocked increment and decrement per request.
/// </summary>
public sealed class InFlightRequests
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Waits until no request is left, or <paramref name="patience"/> has passed. Requests cut by a stop still unwind
    /// (their handlers see the cancellation, log their access line, close their temporary files); this lets them
    /// finish before the stores close and the process exits.
    /// </summary>
    public async Task WaitUntilNoneAsync(TimeSpan patience)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
        while (Count > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _count);
        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
