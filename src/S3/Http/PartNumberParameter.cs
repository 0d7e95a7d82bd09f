using System.Globalization;

using Coffer.Engine.Multipart;
using Coffer.S3.Errors;

namespace Coffer.S3.Http;

/// <summary>?partNumber=, as UploadPart, UploadPartCopy, GetObject and HeadObject take it: 1 to 10,000, else S3's InvalidArgument.</summary>
public static class PartNumberParameter
{
    public const string Name = "partNumber";

    /// <param name="text">The value as sent; null (absent) is refused too, for the operations that need one.</param>
    public static int Parse(string? text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && MultipartLimits.IsValidPartNumber(number))
        {
            return number;
        }

        throw new S3Exception(
            S3Error.InvalidArgument,
            MultipartLimits.PartNumberMessage,
            [new("ArgumentName", Name), new("ArgumentValue", text ?? "")]);
    }
}
