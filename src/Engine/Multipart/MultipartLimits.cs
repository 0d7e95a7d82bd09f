namespace Coffer.Engine.Multipart;

/// <summary>S3's multipart upload limits (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html).</summary>
public static class MultipartLimits
{
    public const int MinPartNumber = 1;

    public const int MaxPartNumber = 10_000;

    /// <summary>Every part but the last must be at least this large; checked at completion, not at upload.</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    public const long MaxObjectSize = 5L * 1024 * 1024 * 1024 * 1024;

    /// <summary>S3's wording for a part number out of range, in UploadPart and GetObject alike.</summary>
    public const string PartNumberMessage = "Part number must be an integer between 1 and 10000, inclusive";

    public static bool IsValidPartNumber(int partNumber) => partNumber is >= MinPartNumber and <= MaxPartNumber;
}
