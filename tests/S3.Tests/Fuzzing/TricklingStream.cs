using Coffer.S3.Auth;

namespace Coffer.S3.Tests.Fuzzing;

/// <summary>
/// A request body that arrives in reads of the given sizes, in turn, as a network delivers it: a
/// decoder must give the same result however its input is cut.
/// </summary>
internal sealed class TricklingStream(byte[] data, int[] readSizes) : ReadOnlyStream
{
    private int _position;
    private int _turn;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var size = readSizes.Length == 0 ? buffer.Length : readSizes[_turn++ % readSizes.Length];
        var count = Math.Min(Math.Min(size, buffer.Length), data.Length - _position);
        data.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return ValueTask.FromResult(count);
    }
}
