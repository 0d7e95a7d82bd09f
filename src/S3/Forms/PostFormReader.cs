using System.Buffers;
using System.Text;

using Coffer.S3.Errors;

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Coffer.S3.Forms;

/// <summary>
/// Reads a multipart/form-data POST upload up to its file part. Fields are small and buffered,
/// within S3's limit on everything before the file; the file itself is left in the request,
/// to be streamed into the object.
/// </summary>
internal static class PostFormReader
{
    /// <summary>S3's limit on the form fields before the file, names and values together.</summary>
    public const int MaxFieldBytes = 20 * 1024;

    /// <summary>The longest boundary RFC 2046 allows.</summary>
    private const int MaxBoundaryLength = 70;

    /// <summary>True when the Content-Type is multipart/form-data, which makes a bucket POST an upload.</summary>
    public static bool IsMultipartForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="S3Exception">
    /// MalformedPOSTRequest for a body that is not a form, MaxPostPreDataLengthExceededError past the
    /// field limit, InvalidArgument when the form has no file.
    /// </exception>
    public static async Task<PostForm> ReadAsync(Stream body, string? contentType, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(Boundary(contentType), body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFieldBytes + 1);
        try
        {
            var budget = MaxFieldBytes;
            while (await NextSectionAsync(reader, cancellationToken) is { } section)
            {
                // A field may carry a filename too (Python's requests sends every field so); only "file" is the file.
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new S3Exception(S3Error.MalformedPOSTRequest);
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                if (name.Equals("file", StringComparison.OrdinalIgnoreCase))
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                    return new PostForm(fields, new PostFileStream(section.Body), fileName);
                }

                budget -= Encoding.UTF8.GetByteCount(name);
                var length = await ReadFieldAsync(section.Body, buffer, Math.Max(budget, 0), cancellationToken);
                budget -= length;
                if (budget < 0)
                {
                    throw new S3Exception(S3Error.MaxPostPreDataLengthExceededError);
                }

                fields.TryAdd(name, Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        throw new S3Exception(S3Error.InvalidArgument, "POST requires exactly one file upload per request.", [new("ArgumentName", "file"), new("ArgumentValue", "0")]);
    }

    private static string Boundary(string? contentType)
    {
        var boundary = MediaTypeHeaderValue.TryParse(contentType, out var media) ? HeaderUtilities.RemoveQuotes(media.Boundary).ToString() : "";
        return boundary.Length is > 0 and <= MaxBoundaryLength ? boundary : throw new S3Exception(S3Error.MalformedPOSTRequest);
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // No boundary where one must be, an endless header, or a body cut short.
            throw new S3Exception(S3Error.MalformedPOSTRequest);
        }
    }

    /// <summary>Reads one field's value into <paramref name="buffer"/>; reading stops one byte past <paramref name="limit"/>, which the caller refuses.</summary>
    private static async Task<int> ReadFieldAsync(Stream section, byte[] buffer, int limit, CancellationToken cancellationToken)
    {
        var length = 0;
        try
        {
            int read;
            while (length <= limit && (read = await section.ReadAsync(buffer.AsMemory(length, limit + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }
        }
        catch (IOException)
        {
            throw new S3Exception(S3Error.MalformedPOSTRequest);
        }

        return length;
    }
}
