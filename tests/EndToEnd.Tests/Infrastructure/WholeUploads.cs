using Amazon.S3;
using Amazon.S3.Model;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>A whole multipart upload through the SDK, with every answer kept, for tests that judge each step's headers.</summary>
public static class WholeUploads
{
    public sealed record Answers(InitiateMultipartUploadResponse Created, IReadOnlyList<UploadPartResponse> Parts, CompleteMultipartUploadResponse Completed);

    /// <param name="create">The CreateMultipartUpload request; its bucket and key name the upload.</param>
    /// <param name="parts">The parts' bodies, numbered from 1 in order.</param>
    public static async Task<Answers> UploadAsync(this IAmazonS3 s3, InitiateMultipartUploadRequest create, params byte[][] parts)
    {
        var created = await s3.InitiateMultipartUploadAsync(create);
        var uploaded = new List<UploadPartResponse>();
        for (var i = 0; i < parts.Length; i++)
        {
            uploaded.Add(await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = create.BucketName,
                Key = create.Key,
                UploadId = created.UploadId,
                PartNumber = i + 1,
                InputStream = new MemoryStream(parts[i]),
            }));
        }

        var completed = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = create.BucketName,
            Key = create.Key,
            UploadId = created.UploadId,
            PartETags = [.. uploaded.Select(part => new PartETag(part))],
        });
        return new Answers(created, uploaded, completed);
    }

    /// <summary>
    /// A multipart upload of one part, copied (UploadPartCopy) as <paramref name="copy"/> says; the upload's bucket, key,
    /// id and part number are filled in. Returns the upload's creation and the part's answer.
    /// </summary>
    public static async Task<(InitiateMultipartUploadResponse Created, CopyPartResponse Part)> CopyAsOnePartAsync(
        this IAmazonS3 s3, InitiateMultipartUploadRequest create, CopyPartRequest copy)
    {
        var created = await s3.InitiateMultipartUploadAsync(create);
        copy.DestinationBucket = create.BucketName;
        copy.DestinationKey = create.Key;
        copy.UploadId = created.UploadId;
        copy.PartNumber = 1;
        var part = await s3.CopyPartAsync(copy);
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = create.BucketName,
            Key = create.Key,
            UploadId = created.UploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });
        return (created, part);
    }
}
