using Coffer.Engine.Checksums;
using Coffer.Engine.Multipart;
using Coffer.S3.Encryption;
using Coffer.S3.Http;

namespace Coffer.S3.Operations;

/// <summary>Stores one part from the request body, framed and verified as a PutObject body is.</summary>
internal static class UploadPart
{
    public static async Task HandleAsync(S3Request request)
    {
        var target = new PartTarget(Names.Bucket(request), Names.Key(request), MultipartParameters.UploadId(request), MultipartParameters.PartNumber(request));
        var checksum = ChecksumHeaders.Read(request.HttpRequest.Headers);
        var customerKey = CustomerKeyHeader.Read(request.HttpRequest.Headers);
        var part = await request.Services.Multipart.UploadPartAsync(
            new UploadPartRequest
            {
                Target = target,
                KeyUse = request.KeyUse,
                CustomerKey = customerKey,
                DeclaredLength = PutObject.DeclaredLength(request),
                ContentMd5 = PutObject.ContentMd5(request.Header("Content-MD5")),
                ChecksumAlgorithm = checksum?.Algorithm,
                ExpectedChecksum = PutObject.ExpectedChecksum(request, checksum),
            },
            request.Auth.Body,
            request.Aborted);

        request.Response.StatusCode = 200;
        request.Response.Headers.ETag = part.ETag;
        ServerSideEncryptionHeader.Write(request.Response.Headers, part, request.Services.KmsArns);
        CustomerKeyHeader.WritePart(request.Response.Headers, customerKey);
        if (part.Checksum is { } sum)
        {
            request.Response.Headers[ChecksumNames.HeaderOf(sum.Algorithm)] = sum.Base64Value;
        }

        request.Response.ContentLength = 0;
    }
}
