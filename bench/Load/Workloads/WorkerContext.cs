using Coffer.Bench.Load.Transport;

namespace Coffer.Bench.Load.Workloads;

/// <summary>What belongs to one worker: its index, its buffers, its random numbers, and whether it is being timed.</summary>
internal sealed class WorkerContext(int index) : IDisposable
{
    public int Index { get; } = index;

    public WorkerBuffers Buffers { get; } = new();

    // Seeded by index: each worker picks its own sequence of keys, and runs are repeatable.
    public Random Random { get; } = new(index + 1);

    /// <summary>True while the current operation counts (started after the warm-up).</summary>
    public bool Measuring { get; set; }

    public void Dispose()
    {
        Buffers.Dispose();
    }
}
