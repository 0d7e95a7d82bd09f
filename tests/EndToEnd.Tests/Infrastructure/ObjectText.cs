using Amazon.S3;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>Reading a small object back as text, the check of most "nothing changed" assertions.</summary>
public static class ObjectText
{
    public static async Task<string> ReadTextAsync(this AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }
}
