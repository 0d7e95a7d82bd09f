using System.Buffers;
using System.Text;

using Coffer.S3.Errors;

namespace Coffer.S3.Auth;

/// <summary>
/// Decodes an aws-chunked body while it is read: <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c> per
/// chunk, a final empty chunk, then trailer lines and an empty line. Memory stays bounded by one small
/// buffer: chunk data goes straight to the caller and is hashed on the way for its signature.
/// Framing is parsed strictly, because a lenient parser is where request smuggling and unsigned bytes
/// slip in; every failure becomes the S3 error a client would get from S3.
/// </summary>
internal sealed class AwsChunkedStream : ReadOnlyStream
{
    private const int BufferSize = 16 * 1024;

    // A chunk header is "<at most 16 hex digits>;chunk-signature=<64 hex digits>", under 100 bytes.
    private const int MaxChunkHeaderLength = 256;
    private const int MaxTrailerLineLength = 1024;
    private const int MaxTrailerLines = 32;
    private const string TrailerSignatureName = "x-amz-trailer-signature";

    private readonly Stream _inner;
    private readonly ChunkSignatureChain? _chain;
    private readonly bool _hasTrailer;
    private readonly long? _declaredLength;
    private readonly Dictionary<string, string> _trailers;
    private readonly byte[] _chunkSignature = new byte[SigV4.SignatureHexLength];
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private State _state;
    private long _chunkRemaining;
    private long _decoded;

    /// <param name="inner">The raw request body.</param>
    /// <param name="chain">Verifies chunk and trailer signatures; null for STREAMING-UNSIGNED-PAYLOAD-TRAILER.</param>
    /// <param name="hasTrailer">Whether trailer lines may follow the final chunk.</param>
    /// <param name="declaredLength">x-amz-decoded-content-length, which the decoded size must equal.</param>
    /// <param name="trailers">Receives the trailers, once the body has been read to its end.</param>
    public AwsChunkedStream(Stream inner, ChunkSignatureChain? chain, bool hasTrailer, long? declaredLength, Dictionary<string, string> trailers)
    {
        _inner = inner;
        _chain = chain;
        _hasTrailer = hasTrailer;
        _declaredLength = declaredLength;
        _trailers = trailers;
    }

    private enum State
    {
        ChunkHeader,
        ChunkData,
        Done,
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(AwsChunkedStream));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    return 0;
                case State.ChunkHeader:
                    await ReadChunkHeaderAsync(cancellationToken);
                    break;
                case State.ChunkData when _chunkRemaining == 0:
                    await EndChunkAsync(cancellationToken);
                    break;
                default:
                    return await ReadChunkDataAsync(buffer, cancellationToken);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _chain?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask ReadChunkHeaderAsync(CancellationToken cancellationToken)
    {
        var (offset, length) = await ReadLineAsync(MaxChunkHeaderLength, endOfBodyAllowed: false, cancellationToken)
            ?? throw Truncated();
        var size = ParseChunkHeader(Buffer.AsSpan(offset, length));
        if (size == 0)
        {
            await FinishAsync(cancellationToken);
            _state = State.Done;
            return;
        }

        // Compared with what is left of the promise: _decoded + size overflows for a size near
        // long.MaxValue (16 hex digits), and would then let data past the declared length through.
        if (size > _declaredLength - _decoded)
        {
            throw AuthErrors.IncompleteBody("The decoded body is longer than x-amz-decoded-content-length.");
        }

        _chunkRemaining = size;
        _state = State.ChunkData;
    }

    private long ParseChunkHeader(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = semicolon < 0 ? line : line[..semicolon];
        if (digits.Length is 0 or > 16)
        {
            throw AuthErrors.MalformedChunkedBody("invalid chunk size.");
        }

        long size = 0;
        foreach (var digit in digits)
        {
            var value = HexValue(digit);
            if (value < 0 || size > (long.MaxValue >> 4))
            {
                throw AuthErrors.MalformedChunkedBody("invalid chunk size.");
            }

            size = (size << 4) | (uint)value;
        }

        // Unsigned chunks may carry extensions, which mean nothing here; signed ones must carry exactly the signature.
        if (_chain is not null)
        {
            var extension = semicolon < 0 ? [] : line[(semicolon + 1)..];
            var prefix = "chunk-signature="u8;
            if (!extension.StartsWith(prefix) || extension.Length != prefix.Length + SigV4.SignatureHexLength)
            {
                throw new S3Exception(S3Error.IncompleteSignature, "A chunk of a signed aws-chunked body has no valid chunk-signature.");
            }

            extension[prefix.Length..].CopyTo(_chunkSignature);
        }

        return size;
    }

    private async ValueTask<int> ReadChunkDataAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(destination.Length, _chunkRemaining);
        int read;
        if (_end > _start)
        {
            read = Math.Min(wanted, _end - _start);
            Buffer.AsSpan(_start, read).CopyTo(destination.Span);
            _start += read;
        }
        else
        {
            // Nothing buffered: read straight into the caller's memory, so large chunks are copied once.
            read = await _inner.ReadAsync(destination[..wanted], cancellationToken);
            if (read == 0)
            {
                throw Truncated();
            }
        }

        _chain?.AppendChunkData(destination.Span[..read]);
        _chunkRemaining -= read;
        _decoded += read;
        return read;
    }

    private async ValueTask EndChunkAsync(CancellationToken cancellationToken)
    {
        if (!await EnsureBufferedAsync(2, cancellationToken))
        {
            throw Truncated();
        }

        if (Buffer[_start] != '\r' || Buffer[_start + 1] != '\n')
        {
            throw AuthErrors.MalformedChunkedBody("chunk data is longer than its declared size.");
        }

        _start += 2;
        _chain?.VerifyChunk(_chunkSignature);
        _state = State.ChunkHeader;
    }

    /// <summary>After the final, empty chunk: its signature, the length promise, the trailers, and nothing more.</summary>
    private async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        _chain?.VerifyChunk(_chunkSignature);
        if (_declaredLength is { } declared && declared != _decoded)
        {
            throw AuthErrors.IncompleteBody("The decoded body is shorter than x-amz-decoded-content-length.");
        }

        // Without trailers only the empty line that closes the final chunk may follow; as with trailers,
        // a body that ends just before it has lost nothing and is accepted.
        if (_hasTrailer)
        {
            await ReadTrailersAsync(cancellationToken);
        }
        else if (await ReadLineAsync(MaxTrailerLineLength, endOfBodyAllowed: true, cancellationToken) is { Length: > 0 })
        {
            throw AuthErrors.MalformedChunkedBody("unexpected data after the final chunk.");
        }

        if (_end > _start || await FillAsync(cancellationToken))
        {
            throw AuthErrors.MalformedChunkedBody("unexpected data after the end of the body.");
        }
    }

    private async ValueTask ReadTrailersAsync(CancellationToken cancellationToken)
    {
        var trailers = new List<(string Name, string Value)>();
        byte[]? signature = null;

        // The closing empty line is required by the format, but a body that ends cleanly after the last
        // trailer line has lost nothing, so an end of body where a line would start is accepted as well.
        while (await ReadLineAsync(MaxTrailerLineLength, endOfBodyAllowed: true, cancellationToken) is { Length: > 0 } line)
        {
            var text = Buffer.AsSpan(line.Offset, line.Length);
            var colon = text.IndexOf((byte)':');
            if (colon <= 0 || trailers.Count == MaxTrailerLines)
            {
                throw AuthErrors.MalformedChunkedBody("invalid trailer.");
            }

            var name = Encoding.ASCII.GetString(text[..colon].Trim((byte)' ')).ToLowerInvariant();
            var value = Encoding.UTF8.GetString(text[(colon + 1)..].Trim((byte)' '));
            if (name == TrailerSignatureName)
            {
                signature = Encoding.ASCII.GetBytes(value);
            }
            else
            {
                trailers.Add((name, value));
            }
        }

        if (_chain is not null)
        {
            if (signature is null)
            {
                throw new S3Exception(S3Error.IncompleteSignature, "The signed aws-chunked body has no x-amz-trailer-signature.");
            }

            _chain.VerifyTrailer(CanonicalTrailers(trailers), signature);
        }

        foreach (var (name, value) in trailers)
        {
            if (!_trailers.TryAdd(name, value))
            {
                throw AuthErrors.MalformedChunkedBody($"the trailer {name} appears twice.");
            }
        }
    }

    /// <summary>What the trailer signature covers: "name:value\n" per trailer, sorted by name.</summary>
    private static string CanonicalTrailers(List<(string Name, string Value)> trailers)
    {
        trailers.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var builder = new StringBuilder();
        foreach (var (name, value) in trailers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Reads one CRLF-terminated line into the buffer and returns where it lies, without the CRLF. The
    /// result is valid until the next read. Null only when <paramref name="endOfBodyAllowed"/> and the body
    /// ended exactly where the line would have started.
    /// </summary>
    private async ValueTask<(int Offset, int Length)?> ReadLineAsync(int maxLength, bool endOfBodyAllowed, CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = Buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineFeed = _start + scanned + newline;
                if (lineFeed == _start || Buffer[lineFeed - 1] != '\r' || lineFeed - 1 - _start > maxLength)
                {
                    throw AuthErrors.MalformedChunkedBody("a chunk header or trailer line is invalid.");
                }

                var line = (_start, lineFeed - 1 - _start);
                _start = lineFeed + 1;
                return line;
            }

            scanned = _end - _start;
            if (scanned > maxLength + 1)
            {
                throw AuthErrors.MalformedChunkedBody("a chunk header or trailer line is too long.");
            }

            if (!await FillAsync(cancellationToken))
            {
                return endOfBodyAllowed && _end == _start ? null : throw Truncated();
            }
        }
    }

    private async ValueTask<bool> EnsureBufferedAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync(cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends more of the body to the buffer, first moving what is left to its front. False at the end of the body.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        var buffer = Buffer;
        if (_start > 0)
        {
            // Only the unread tail of a line (at most a few hundred bytes) is ever left when more is needed.
            buffer.AsSpan(_start, _end - _start).CopyTo(buffer);
            _end -= _start;
            _start = 0;
        }

        var read = await _inner.ReadAsync(buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    private static S3Exception Truncated()
    {
        return AuthErrors.IncompleteBody("The aws-chunked body ended before its final chunk.");
    }

    private static int HexValue(byte b)
    {
        return b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
    }
}
