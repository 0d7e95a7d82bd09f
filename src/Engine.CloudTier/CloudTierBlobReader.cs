using System.Buffers;

using Amazon.S3.Model;

using Coffer.Engine.Model;
using Coffer.Engine.Ports;

namespace Coffer.Engine.CloudTier;

/// <summary>
/// Ranged GETs with a bounded read-ahead. Reads arrive in 64 KiB to 1 MiB steps; one request each would cost a
/// round trip per step, so a miss fetches a window (from <see cref="CloudTierOptions.InitialReadAhead"/>, doubling
/// while the reads continue where the last window ended, up to <see cref="CloudTierOptions.MaxReadAhead"/>), and
/// later reads are served from it. A read that jumps elsewhere starts over from the small window, so random access
/// fetches little more than it asks for.
/// Thread-safe: the window is swapped and copied from under a lock; fetches run outside it.
/// Unlike a file handle, a reader cannot pin a deleted blob: a read that needs the endpoint after the blob was
/// deleted throws <see cref="BlobNotFoundException"/>.
/// </summary>
internal sealed class CloudTierBlobReader(CloudTierEndpoint endpoint, BlobId id, long length) : IBlobReader
{
    private readonly Lock _lock = new();
    private readonly string _key = endpoint.Keys.KeyOf(id);
    private byte[]? _window;
    private long _windowStart;
    private int _windowCount;
    private int _readAhead = endpoint.Options.InitialReadAhead;

    // Where the last read ended: a read that starts there streams on, even if the last one bypassed the window.
    private long _lastReadEnd = -1;
    private bool _disposed;

    public long Length { get; } = length;

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var wanted = (int)Math.Min(buffer.Length, Math.Max(0, Length - offset));
        var filled = 0;
        while (filled < wanted)
        {
            var position = offset + filled;
            var target = buffer[filled..wanted];
            var served = ServeFromWindow(position, target.Span);
            if (served > 0)
            {
                filled += served;
                continue;
            }

            var window = NextWindowSize(position);
            if (target.Length >= window)
            {
                // Larger than any window: straight into the caller's buffer, no copy.
                await FetchAsync(position, target, cancellationToken);
                filled += target.Length;
            }
            else
            {
                await FetchWindowAsync(position, (int)Math.Min(window, Length - position), cancellationToken);
            }
        }

        lock (_lock)
        {
            _lastReadEnd = offset + wanted;
        }

        return wanted;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            ReturnWindow();
        }
    }

    private int ServeFromWindow(long position, Span<byte> target)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_window is null || position < _windowStart || position >= _windowStart + _windowCount)
            {
                return 0;
            }

            var start = (int)(position - _windowStart);
            var count = Math.Min(target.Length, _windowCount - start);
            _window.AsSpan(start, count).CopyTo(target);
            return count;
        }
    }

    // Doubles when this miss continues the current window or the last read (sequential streaming), starts over otherwise.
    private int NextWindowSize(long position)
    {
        lock (_lock)
        {
            var sequential = position == _lastReadEnd || (_window is not null && position == _windowStart + _windowCount);
            _readAhead = sequential ? Math.Min(_readAhead * 2, endpoint.Options.MaxReadAhead) : endpoint.Options.InitialReadAhead;
            return _readAhead;
        }
    }

    private async Task FetchWindowAsync(long position, int count, CancellationToken cancellationToken)
    {
        var window = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            await FetchAsync(position, window.AsMemory(0, count), cancellationToken);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(window);
            throw;
        }

        lock (_lock)
        {
            if (_disposed)
            {
                ArrayPool<byte>.Shared.Return(window);
                return;
            }

            // Copies out of the old window happen under this lock, so none is under way while it goes back.
            ReturnWindow();
            (_window, _windowStart, _windowCount) = (window, position, count);
        }
    }

    private async Task FetchAsync(long position, Memory<byte> target, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = endpoint.Bucket,
            Key = _key,
            ByteRange = new ByteRange(position, position + target.Length - 1),
        };
        var action = $"read bytes {position} to {position + target.Length - 1} of blob {id}";
        await endpoint.CallAsync(
            async token =>
            {
                using var response = await endpoint.Client.GetObjectAsync(request, token);

                // A service that ignores Range answers 200 with the whole blob; its first bytes are not these.
                if (response.HttpStatusCode != System.Net.HttpStatusCode.PartialContent && position > 0)
                {
                    throw new IOException($"the endpoint ignored the Range header (status {(int)response.HttpStatusCode})");
                }

                var read = await response.ResponseStream.ReadAtLeastAsync(target, target.Length, throwOnEndOfStream: false, token);
                if (read < target.Length)
                {
                    throw new IOException($"the response ended after {read} of {target.Length} bytes");
                }

                return read;
            },
            action,
            cancellationToken,
            notFound: () => new BlobNotFoundException(id));
    }

    private void ReturnWindow()
    {
        if (_window is not null)
        {
            ArrayPool<byte>.Shared.Return(_window);
            _window = null;
            _windowCount = 0;
        }
    }
}
