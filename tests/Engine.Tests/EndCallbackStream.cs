namespace Coffer.Engine.Tests;

/// <summary>
/// A request body that runs a callback when it is read to its end, before reporting the end: how
/// tests commit a concurrent change at the last moment of a write.
/// </summary>
internal sealed class EndCallbackStream(byte[] content, Func<Task> atEnd) : MemoryStream(content)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await base.ReadAsync(buffer, cancellationToken);
        if (read == 0)
        {
            await atEnd();
        }

        return read;
    }
}
