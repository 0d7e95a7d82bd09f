namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A body whose first <c>openBytes</c> flow and whose rest waits for <see cref="Open"/>, in 64 KiB reads: the
/// upload is then in flight for as long as the test needs.
/// </summary>
public sealed class GatedStream(byte[] content, int openBytes) : MemoryStream(content, writable: false)
{
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first bytes are read and the next read waits at the gate.</summary>
    public Task Waiting => _waiting.Task;

    public void Open() => _open.TrySetResult();

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Position >= openBytes)
        {
            _waiting.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
        }

        return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 64 * 1024)], cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Position >= openBytes)
        {
            _waiting.TrySetResult();
            _open.Task.Wait();
        }

        return base.Read(buffer, offset, Math.Min(count, 64 * 1024));
    }
}
