using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Members;

/// <summary>
/// x-amz-expected-bucket-owner and x-amz-source-expected-bucket-owner: a client's guard against
/// writing into, or copying from, a bucket another account owns. A Coffer deployment is one
/// account and owns every bucket, so any other account id is refused as S3 refuses it.
/// </summary>
public static class ExpectedBucketOwner
{
    private static readonly string[] Headers = ["x-amz-expected-bucket-owner", "x-amz-source-expected-bucket-owner"];

    public static void Check(IHeaderDictionary headers, string accountId)
    {
        foreach (var name in Headers)
        {
            if (headers.TryGetValue(name, out var expected) && expected.ToString().Trim() != accountId)
            {
                throw new S3Exception(S3Error.AccessDenied);
            }
        }
    }
}
