namespace Coffer.Server.Hosting;

/// <summary>
/// Counts the requests being served, so that a stop can say how many it waits for and how many it cut.
/// The first step of the pipeline: one interlocked increment and decrement per request.
/// </summary>
public sealed class InFlightRequests
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

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
