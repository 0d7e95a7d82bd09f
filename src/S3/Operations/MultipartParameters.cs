using System.Globalization;

using Coffer.S3.Errors;
using Coffer.S3.Http;

namespace Coffer.S3.Operations;

/// <summary>The query parameters the multipart operations share: uploadId and partNumber.</summary>
internal static class MultipartParameters
{
    /// <summary>The upload id as routed: an unknown (or empty) one is simply not found.</summary>
    public static string UploadId(S3Request request) => request.Operation.UploadId ?? "";

    /// <summary>The part number an upload of a part must name; its absence is the same InvalidArgument as a bad one.</summary>
    public static int PartNumber(S3Request request) => request.Operation.PartNumber ?? PartNumberParameter.Parse(null);

    /// <summary>A part-number-marker (the query of ListParts, a header of GetObjectAttributes): list the parts after it; 0, the default, from the first.</summary>
    public static int PartNumberMarker(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var marker)
            ? marker
            : throw new S3Exception(S3Error.InvalidArgument, $"Provided {name} not an integer or within integer range");
    }
}
