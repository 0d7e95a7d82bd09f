using System.Collections.Concurrent;

namespace Coffer.Bench.Load.Measurement;

/// <summary>Counts every failed operation and keeps the first few messages for the report. Thread-safe.</summary>
internal sealed class ErrorLog
{
    private const int KeptMessages = 5;

    private readonly ConcurrentQueue<string> _first = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyCollection<string> FirstMessages => _first;

    public void Add(Exception error)
    {
        if (Interlocked.Increment(ref _count) <= KeptMessages)
        {
            _first.Enqueue(error is Transport.LoadFailure ? error.Message : $"{error.GetType().Name}: {error.Message}");
        }
    }
}
