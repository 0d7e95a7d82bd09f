namespace Coffer.S3.Operations;

/// <summary>
/// Removes the bucket's encryption configuration: new objects are then stored as written and SSE-C is not blocked
/// (Coffer's defaults). 204 whether or not the bucket had one, as S3 answers.
/// </summary>
internal static class DeleteBucketEncryption
{
    public static async Task HandleAsync(S3Request request)
    {
        await request.Services.Buckets.DeleteEncryptionAsync(Names.Bucket(request), request.Aborted);
        request.Response.StatusCode = 204;
    }
}
