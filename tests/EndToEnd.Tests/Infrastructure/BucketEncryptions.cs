using Amazon.S3;
using Amazon.S3.Model;

namespace Coffer.EndToEnd.Tests.Infrastructure;

/// <summary>The bucket encryption configurations the tests set, as the .NET SDK sends them.</summary>
public static class BucketEncryptions
{
    /// <summary>An AES256 default (SSE-S3 for every write that asks for no encryption), SSE-C's block left as it is.</summary>
    public static Task<PutBucketEncryptionResponse> PutAes256DefaultAsync(this IAmazonS3 s3, string bucket) => PutRuleAsync(
        s3, bucket, new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 } });

    /// <summary>No default, and SSE-C blocked (BlockedEncryptionTypes SSE-C), as a new AWS bucket has had since April 2026.</summary>
    public static Task<PutBucketEncryptionResponse> BlockSseCAsync(this IAmazonS3 s3, string bucket) => PutRuleAsync(
        s3, bucket, new ServerSideEncryptionRule { BlockedEncryptionTypes = new BlockedEncryptionTypes { EncryptionType = [EncryptionType.SSEC] } });

    /// <summary>A KMS default under <paramref name="keyId"/>: SSE-KMS, or DSSE-KMS when <paramref name="method"/> says aws:kms:dsse.</summary>
    public static Task<PutBucketEncryptionResponse> PutKmsDefaultAsync(this IAmazonS3 s3, string bucket, string keyId, ServerSideEncryptionMethod? method = null) => PutRuleAsync(
        s3, bucket, new ServerSideEncryptionRule
        {
            ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault
            {
                ServerSideEncryptionAlgorithm = method ?? ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = keyId,
            },
        });

    private static Task<PutBucketEncryptionResponse> PutRuleAsync(IAmazonS3 s3, string bucket, ServerSideEncryptionRule rule) =>
        s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration { ServerSideEncryptionRules = [rule] },
        });
}
