using System.Security.Cryptography;

using Amazon.S3;
using Amazon.S3.Model;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An upload of random parts, each sent with a checksum of the upload's algorithm (or the SDK's
/// choice when it has none), not yet completed.
/// </summary>
public sealed record OpenUpload(string Bucket, string Key, string UploadId, byte[][] Parts, IReadOnlyList<UploadPartResponse> Uploaded)
{
    public byte[] Content => [.. Parts.SelectMany(part => part)];

    public static async Task<OpenUpload> StartAsync(
        IAmazonS3 s3, string bucket, string key, ChecksumAlgorithm? algorithm, ChecksumType? type, params int[] sizes)
    {
        var created = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            ChecksumAlgorithm = algorithm,
            ChecksumType = type,
        });
        var parts = sizes.Select(RandomNumberGenerator.GetBytes).ToArray();
        var uploaded = new List<UploadPartResponse>();
        for (var i = 0; i < parts.Length; i++)
        {
            uploaded.Add(await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = created.UploadId,
                PartNumber = i + 1,
                InputStream = new MemoryStream(parts[i]),
                ChecksumAlgorithm = algorithm,
            }));
        }

        return new OpenUpload(bucket, key, created.UploadId, parts, uploaded);
    }

    /// <summary>Completes with every part's ETag and checksum; <paramref name="configure"/> adds to the request.</summary>
    public Task<CompleteMultipartUploadResponse> CompleteAsync(IAmazonS3 s3, Action<CompleteMultipartUploadRequest>? configure = null)
    {
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = Key,
            UploadId = UploadId,
            PartETags = [.. Uploaded.Select(part => new PartETag(part))],
        };
        configure?.Invoke(request);
        return s3.CompleteMultipartUploadAsync(request);
    }
}
