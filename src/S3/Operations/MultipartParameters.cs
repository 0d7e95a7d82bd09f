using System.Globalization;

using Coffer.Engine.Multipart;
using Coffer.S3.Errors;

namespace Coffer.S3.Operations;

/// <summary>The query parameters the multipart operations share: uploadId and partNumber.</summary>
internal static class MultipartParameters
{
    /// <summary>The upload id as given: an unknown (or empty) one is simply not found.</summary>
    public static string UploadId(S3Request request) => request.Query("uploadId") ?? "";

    /// <summary>partNumber: an integer from 1 to 10,000, else InvalidArgument, before anything else happens.</summary>
    public static int PartNumber(S3Request request)
    {
        var text = request.Query("partNumber");
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && MultipartLimits.IsValidPartNumber(number))
        {
            return number;
        }

        throw new S3Exception(
            S3Error.InvalidArgument,
            MultipartLimits.PartNumberMessage,
            [new("ArgumentName", "partNumber"), new("ArgumentValue", text ?? "")]);
    }

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
