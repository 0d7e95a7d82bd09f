using System.Net;

namespace Coffer.Bench.Load.Bodies;

/// <summary>
/// A request body of <paramref name="length"/> bytes of the pattern from <paramref name="start"/>, written slice by slice
/// from the shared block: a 1 GiB PUT allocates nothing and streams with a known Content-Length.
/// </summary>
internal sealed class PatternContent(long start, long length) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        return SerializeToStreamAsync(stream, context, CancellationToken.None);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        foreach (var segment in PatternBlock.Segments(start, length))
        {
            await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
