using Coffer.Engine.Checksums;
using Coffer.Engine.Model;
using Coffer.S3.Errors;

using Microsoft.AspNetCore.Http;

namespace Coffer.S3.Http;

/// <summary>What a request says about checksums: which algorithm, and the value (now, or in a trailer).</summary>
public sealed record ChecksumRequest(ChecksumAlgorithm Algorithm, string? HeaderValue, string? TrailerName);

public static class ChecksumHeaders
{
    private static readonly ChecksumAlgorithm[] Algorithms = Enum.GetValues<ChecksumAlgorithm>();

    /// <summary>
    /// Reads x-amz-checksum-&lt;alg&gt;, x-amz-sdk-checksum-algorithm and x-amz-trailer. At most one
    /// checksum may be given; its value must be base64 of the algorithm's digest length.
    /// </summary>
    public static ChecksumRequest? Read(IHeaderDictionary headers)
    {
        ChecksumRequest? found = null;
        foreach (var algorithm in Algorithms)
        {
            var name = ChecksumNames.HeaderOf(algorithm);
            if (headers.TryGetValue(name, out var value))
            {
                if (found is not null)
                {
                    throw new S3Exception(S3Error.InvalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
                }

                // A value that cannot be a digest of this algorithm cannot match the body either;
                // S3 answers it as a mismatch (BadDigest), as the conformance suite checks.
                if (!IsWellFormed(algorithm, value.ToString()))
                {
                    throw new S3Exception(S3Error.BadDigest, $"The {ChecksumNames.Of(algorithm)} you specified did not match the calculated checksum.");
                }

                found = new ChecksumRequest(algorithm, value.ToString(), null);
            }
        }

        if (headers.TryGetValue("x-amz-trailer", out var trailer) && trailer.ToString().Trim().ToLowerInvariant() is var trailerName
            && trailerName.StartsWith("x-amz-checksum-", StringComparison.Ordinal))
        {
            if (found is not null)
            {
                throw new S3Exception(S3Error.InvalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }

            if (!ChecksumNames.TryParse(trailerName["x-amz-checksum-".Length..], out var trailerAlgorithm))
            {
                throw new S3Exception(S3Error.InvalidRequest, "The value specified in the x-amz-trailer header is not supported");
            }

            found = new ChecksumRequest(trailerAlgorithm, null, trailerName);
        }

        if (headers.TryGetValue("x-amz-sdk-checksum-algorithm", out var sdk) && found is null)
        {
            if (!ChecksumNames.TryParse(sdk.ToString().Trim(), out var sdkAlgorithm))
            {
                throw new S3Exception(S3Error.InvalidRequest, "Value for x-amz-sdk-checksum-algorithm header is invalid.");
            }

            found = new ChecksumRequest(sdkAlgorithm, null, null);
        }

        return found;
    }

    public static bool IsWellFormed(ChecksumAlgorithm algorithm, string base64)
    {
        Span<byte> decoded = stackalloc byte[64];
        return Convert.TryFromBase64String(base64.Trim(), decoded, out var length) && length == DigestLength(algorithm);
    }

    public static int DigestLength(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
        ChecksumAlgorithm.Crc64Nvme => 8,
        ChecksumAlgorithm.Sha1 => 20,
        _ => 32,
    };
}
