namespace Coffer.S3.Operations;

internal static class AbortMultipartUpload
{
    public static async Task HandleAsync(S3Request request)
    {
        await request.Services.Multipart.AbortAsync(Names.Bucket(request), Names.Key(request), MultipartParameters.UploadId(request), request.Aborted);
        request.Response.StatusCode = 204;
    }
}
