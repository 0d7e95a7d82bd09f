using Coffer.S3.Encryption;
using Coffer.S3.Errors;
using Coffer.S3.Xml;

namespace Coffer.S3.Operations;

/// <summary>
/// The bucket's encryption configuration. A bucket without one answers 404 ServerSideEncryptionConfigurationNotFoundError,
/// as S3 did before 2023: S3 now claims an AES256 default for every bucket because it encrypts every object, and Coffer
/// does not (an object written without asking is stored as written), so it does not claim one.
/// </summary>
internal static class GetBucketEncryption
{
    public static async Task HandleAsync(S3Request request)
    {
        var bucket = await request.Services.Buckets.GetAsync(Names.Bucket(request), request.Aborted);
        var configuration = bucket.Encryption ?? throw new S3Exception(S3Error.ServerSideEncryptionConfigurationNotFoundError);
        await XmlResponse.WriteAsync(request.Response, 200, xml => BucketEncryptionDocument.Write(xml, configuration), request.Aborted);
    }
}
