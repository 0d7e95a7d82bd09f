using System.Text;

using Coffer.Engine.Model;
using Coffer.S3.Errors;

namespace Coffer.S3.Operations;

/// <summary>Validates the bucket and key of a routed request once, at the edge.</summary>
internal static class Names
{
    /// <summary>
    /// The bucket of an operation on an existing bucket: a name that breaks the naming rules
    /// cannot exist, so it is simply not found.
    /// </summary>
    public static BucketName Bucket(S3Request request) =>
        BucketName.TryParse(request.Operation.Bucket, out var name) ? name.Value : throw new S3Exception(S3Error.NoSuchBucket);

    public static ObjectKey Key(S3Request request) => Key(request.Operation.Key);

    public static ObjectKey Key(string? key)
    {
        if (ObjectKey.TryParse(key, out var parsed))
        {
            return parsed.Value;
        }

        if (key is not null && key.Length > 0 && !IsTooLong(key))
        {
            throw new S3Exception(S3Error.InvalidURI, "The key is not valid UTF-8.");
        }

        throw new S3Exception(S3Error.KeyTooLongError);
    }

    private static bool IsTooLong(string key)
    {
        try
        {
            return Encoding.UTF8.GetByteCount(key) > ObjectKey.MaxBytes;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
