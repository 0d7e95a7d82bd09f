namespace Coffer.Engine.Objects;

public static class EngineLimits
{
    /// <summary>S3's ceiling for a single PUT; larger objects must use multipart upload.</summary>
    public const long MaxSinglePutBytes = 5L * 1024 * 1024 * 1024;
}
