using Amazon.S3;
using Amazon.S3.Model;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>Reading an object back, as text (the check of most "nothing changed" assertions) or as bytes.</summary>
public static class ObjectText
{
    public static async Task<string> ReadTextAsync(this AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The whole body of a GET already made, so that its headers can be checked too.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(this GetObjectResponse response)
    {
        var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
