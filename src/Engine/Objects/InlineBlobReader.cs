using Coffer.Engine.Ports;

namespace Coffer.Engine.Objects;

/// <summary>Reads a segment whose content the metadata store handed over with its version.</summary>
internal sealed class InlineBlobReader(ReadOnlyMemory<byte> content) : IBlobReader
{
    public long Length => content.Length;

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (offset >= content.Length)
        {
            return ValueTask.FromResult(0);
        }

        var available = content.Span[(int)offset..];
        var count = Math.Min(available.Length, buffer.Length);
        available[..count].CopyTo(buffer.Span);
        return ValueTask.FromResult(count);
    }

    public void Dispose()
    {
    }
}
