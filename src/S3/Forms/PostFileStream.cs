using System.Globalization;

using Coffer.S3.Auth;
using Coffer.S3.Errors;

namespace Coffer.S3.Forms;

/// <summary>
/// The file part of a POST form, read straight from the request. It enforces the policy's
/// content-length-range while streaming: more bytes than allowed fail the read that crosses the
/// limit, too few fail the read that reaches the end, before it returns 0, so the engine never
/// commits such a file. A form that breaks off before the closing boundary is MalformedPOSTRequest.
/// </summary>
internal sealed class PostFileStream : ReadOnlyStream
{
    private readonly Stream _section;
    private long _read;

    internal PostFileStream(Stream section)
    {
        _section = section;
    }

    /// <summary>The allowed sizes; set once the policy is checked, before the first read. Null: any size.</summary>
    public ContentLengthRange? Range { get; set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _section.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            // MultipartReader's word for a body that ends without the closing boundary.
            throw new S3Exception(S3Error.MalformedPOSTRequest);
        }

        _read += read;
        if (Range is { } range)
        {
            if (_read > range.Max)
            {
                throw new S3Exception(S3Error.EntityTooLarge, details: [new("ProposedSize", Text(_read)), new("MaxSizeAllowed", Text(range.Max))]);
            }

            if (read == 0 && buffer.Length > 0 && _read < range.Min)
            {
                throw new S3Exception(S3Error.EntityTooSmall, details: [new("ProposedSize", Text(_read)), new("MinSizeAllowed", Text(range.Min))]);
            }
        }

        return read;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
